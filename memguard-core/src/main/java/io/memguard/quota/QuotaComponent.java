package io.memguard.quota;

/**
 * A resolved component name, such as {@code frames}: passing it instead of the name saves a map look-up on
 * hot paths. Obtained from {@link QuotaController#component(String)} and only valid with that controller.
 *
 * @since 0.1.0
 */
public final class QuotaComponent {

    private final Object owner;
    private final String name;
    private final int index;

    QuotaComponent(Object owner, String name, int index) {
        this.owner = owner;
        this.name = name;
        this.index = index;
    }

    /**
     * The component's name.
     *
     * @return the name declared to the controller
     */
    public String name() {
        return name;
    }

    int index() {
        return index;
    }

    boolean belongsTo(Object controller) {
        return owner == controller;
    }

    @Override
    public String toString() {
        return name;
    }
}
