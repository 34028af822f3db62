package io.memguard.sample.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

// The slice keeps every WebMvcConfigurer; the client-activity interceptor needs the cleanup scheduler, which a
// slice does not have, and has nothing to do with the ballast.
@WebMvcTest(controllers = BallastController.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = "io\\.memguard\\.sample\\.events\\..*"))
class BallastControllerTests {

    @Autowired
    private MockMvcTester mvc;

    @Test
    void addsReportsAndReleasesBallast() {
        assertThat(mvc.get().uri("/demo/ballast")).hasStatusOk().bodyJson()
                .isLenientlyEqualTo("{\"heldMebibytes\":0,\"heldBytes\":0}");
        assertThat(mvc.post().uri("/demo/ballast?mb=2")).hasStatusOk().bodyJson()
                .isLenientlyEqualTo("{\"heldMebibytes\":2,\"heldBytes\":2097024}");
        assertThat(mvc.get().uri("/demo/ballast")).hasStatusOk().bodyJson()
                .extractingPath("$.heldMebibytes").isEqualTo(2);
        assertThat(mvc.delete().uri("/demo/ballast")).hasStatusOk().bodyJson()
                .isLenientlyEqualTo("{\"heldMebibytes\":0,\"heldBytes\":0}");
    }

    @Test
    void aBadAmountIsABadRequestThatNamesTheParameter() {
        assertThat(mvc.post().uri("/demo/ballast?mb=0")).hasStatus(HttpStatus.BAD_REQUEST).bodyJson()
                .extractingPath("$.detail").isEqualTo("mb must be between 1 and 1024, was 0");
    }

    @Test
    void aMissingAmountIsABadRequest() {
        assertThat(mvc.post().uri("/demo/ballast")).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void moreThanTheHeapCanSpareIsInsufficientStorage() {
        assertThat(mvc.post().uri("/demo/ballast?mb=5")).hasStatus(HttpStatus.INSUFFICIENT_STORAGE).bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("The heap cannot spare 5 MiB more; nothing was added and 0 MiB stay held");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class SmallBallast {

        @Bean
        Ballast ballast() {
            return new Ballast(4L * 1024 * 1024);
        }
    }
}
