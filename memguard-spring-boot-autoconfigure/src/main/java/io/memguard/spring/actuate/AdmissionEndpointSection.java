package io.memguard.spring.actuate;

import io.memguard.admission.AdmissionController;
import io.memguard.admission.RouteCosts;
import io.memguard.spring.actuate.MemoryEndpointSection;

/**
 * The {@code admission} section of {@code /actuator/memory}, also at {@code /actuator/memory/admission}.
 *
 * @since 0.2.0
 */
public final class AdmissionEndpointSection implements MemoryEndpointSection {

    private final AdmissionController controller;

    private final RouteCosts routeCosts;

    /**
     * Creates the section.
     *
     * @param controller the controller to describe
     * @param routeCosts the learned route costs
     */
    public AdmissionEndpointSection(AdmissionController controller, RouteCosts routeCosts) {
        this.controller = controller;
        this.routeCosts = routeCosts;
    }

    @Override
    public String name() {
        return "admission";
    }

    @Override
    public AdmissionDescriptor describe() {
        return AdmissionDescriptor.of(controller.snapshot(), routeCosts, RouteCosts.allocationMeasured());
    }
}
