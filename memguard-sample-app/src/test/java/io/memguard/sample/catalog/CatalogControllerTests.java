package io.memguard.sample.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasLength;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest
@AutoConfigureMockMvc
class CatalogControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    CatalogCache cache;

    @Test
    void computesAnEntryOnceAndKeepsOneEntryPerDistinctKey() throws Exception {
        int before = cache.size();

        String first = mvc.perform(get("/api/catalog/sku-1"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.key").value("sku-1"))
            .andExpect(jsonPath("$.description").value(hasLength(CatalogCache.DESCRIPTION_CHARS)))
            .andReturn().getResponse().getContentAsString();
        String again = mvc.perform(get("/api/catalog/sku-1")).andExpect(status().isOk())
            .andReturn().getResponse().getContentAsString();
        mvc.perform(get("/api/catalog/sku-2")).andExpect(status().isOk());

        assertThat(again).isEqualTo(first);
        assertThat(cache.get("sku-1")).isSameAs(cache.get("sku-1"));
        assertThat(cache.size()).isEqualTo(before + 2);
    }

    @Test
    void refusesAKeyLongerThan64Characters() throws Exception {
        int before = cache.size();

        mvc.perform(get("/api/catalog/" + "k".repeat(65))).andExpect(status().isBadRequest());

        assertThat(cache.size()).isEqualTo(before);
    }
}
