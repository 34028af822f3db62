package io.memguard.sample.drafts;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * An ordinary API endpoint whose requests each hold memory for a while after they answer: {@code POST /api/drafts}
 * keeps a 256 KiB draft for {@code sample.drafts.hold-time} (30s). It is neither exempt from load shedding nor part of
 * the demo: enough of these requests fill the heap the way real traffic does, and memguard must keep the app alive.
 *
 * @since 0.1.0
 */
@RestController
public class DraftController {

    private static final int MAX_KIB = 1024;

    private final DraftStore drafts;

    public DraftController(DraftStore drafts) {
        this.drafts = drafts;
    }

    /**
     * Holds a draft.
     *
     * @param kib its size in KiB, 1 to 1024 (default 256)
     * @return the held draft
     */
    @PostMapping("/api/drafts")
    @ResponseStatus(HttpStatus.CREATED)
    public DraftStore.Draft hold(@RequestParam(defaultValue = "256") int kib) {
        return drafts.hold(Math.max(1, Math.min(kib, MAX_KIB)) * 1024);
    }

    /**
     * What is held now.
     *
     * @return the number and bytes of the drafts held
     */
    @GetMapping("/api/drafts")
    public DraftStore.Held held() {
        return drafts.held();
    }
}
