package io.firstline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ProblemResponsesTest {

    @Test
    void aPathWithQuotesAndControlCharactersStillMakesValidJson() {
        String hostile = "/api/v1/x\"}, \"status\": 200, \"y\": \"\\\n";
        String document = "{\"instance\":\"" + ProblemResponses.json(hostile) + "\"}";

        var parsed = JsonMapper.builder().build().readTree(document);

        assertThat(parsed.get("instance").asString()).isEqualTo(hostile);
        assertThat(parsed.size()).isEqualTo(1);
    }
}
