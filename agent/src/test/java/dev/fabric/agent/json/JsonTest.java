package dev.fabric.agent.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class JsonTest {
    /** Strings a definition's names and settings may hold, and that YAML and JSON readers must both get back. */
    private static final List<String> HOSTILE = List.of("plain", "it's \"quoted\"\nand 'multi-line' $(rm -rf /)",
            "tab\tcr\r\\back", "nul\u0000bell\u0007esc\u001b", "del\u007f c1\u0080\u0085\u009f", "line\u2028para\u2029",
            "emoji \ud83d\ude00", "lone \ud800 surrogate", "nonchar \ufffe\uffff", "yaml: # - [ ] { } & * ! | > % @ `",
            "", " leading and trailing ", "null", "true", "0600");

    @Test
    void stringsAreEscapedWhereJsonOrYamlWouldTrip() {
        assertThat(Json.quoted("a\u0001\u2028b")).isEqualTo("\"a\\u0001\\u2028b\"");
        assertThat(Json.quoted("q\"\\\n\t")).isEqualTo("\"q\\\"\\\\\\n\\t\"");
        assertThat(Json.quoted("\u007f\u0085\ud800\uffff")).isEqualToIgnoringCase("\"\\u007f\\u0085\\ud800\\uffff\"");
        assertThat(Json.quoted("grüße €")).as("printable non-ASCII stays as it is").isEqualTo("\"grüße €\"");
    }

    @Test
    void everyQuotedStringReadsBackUnchangedAsJson() throws Exception {
        ObjectMapper reader = new ObjectMapper();
        for (String s : HOSTILE) {
            assertThat(reader.readValue(Json.quoted(s), String.class)).isEqualTo(s);
        }
    }

    @Test
    void everyQuotedStringReadsBackUnchangedAsAYamlScalar() throws Exception {
        assumeTrue(PyYaml.available(), "python3 with PyYAML is not installed");
        StringBuilder doc = new StringBuilder();
        for (int i = 0; i < HOSTILE.size(); i++) {
            doc.append("k").append(i).append(": ").append(Json.quoted(HOSTILE.get(i))).append('\n');
        }
        var read = PyYaml.load(doc.toString());
        for (int i = 0; i < HOSTILE.size(); i++) {
            assertThat(read.get("k" + i).textValue()).as(HOSTILE.get(i)).isEqualTo(HOSTILE.get(i));
        }
    }

    @Test
    void prettyTextHasOneMemberALineAndEmptyContainersStayShort() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "web");
        m.put("count", 2);
        m.put("ok", true);
        m.put("none", null);
        m.put("list", List.of(1, Map.of("a", "b")));
        m.put("empty", List.of());
        m.put("nothing", Map.of());

        assertThat(Json.pretty(m)).isEqualTo("""
                {
                  "name": "web",
                  "count": 2,
                  "ok": true,
                  "none": null,
                  "list": [
                    1,
                    {
                      "a": "b"
                    }
                  ],
                  "empty": [],
                  "nothing": {}
                }
                """);
        assertThat(Json.pretty(Map.of())).isEqualTo("{}\n");
    }
}
