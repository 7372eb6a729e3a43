package dev.evctl.core.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void generatorsProduceValidJsonWithTheDocumentedShapes() throws Exception {
        Template t = Template.compile(
                "{\"id\":{{seq 100}},\"u\":\"{{uuid}}\",\"n\":{{int 5 7}},\"d\":{{decimal 1 2 3}},"
                        + "\"c\":\"{{choice A|B}}\",\"name\":\"{{faker "
                        + "Name.full_name}}\",\"ok\":{{bool}},\"at\":\"{{now}}\"}",
                new Random(1));
        for (long seq = 1; seq <= 200; seq++) {
            JsonNode n = new ObjectMapper().readTree(t.render(seq));
            assertEquals(99 + seq, n.get("id").asLong());
            assertTrue(n.get("u").asText().matches("[0-9a-f-]{36}"));
            assertTrue(n.get("n").asInt() >= 5 && n.get("n").asInt() <= 7);
            assertTrue(n.get("d").decimalValue().scale() <= 3);
            assertTrue(n.get("c").asText().equals("A") || n.get("c").asText().equals("B"));
            assertTrue(!n.get("name").asText().isBlank());
        }
    }

    @Test
    void theShippedExampleTemplateMakesValidOrders() throws Exception {
        String text = Files.readString(Path.of("..", "examples", "order.tmpl")).strip();
        Template t = Template.compile(text, new Random(3));
        for (long seq = 1; seq <= 50; seq++) {
            JsonNode order = new ObjectMapper().readTree(t.render(seq));
            assertEquals("o-" + (999 + seq), order.get("orderId").asText());
            assertTrue(!order.get("item").asText().isBlank()
                    && order.get("customer").get("name").isTextual());
        }
    }

    @Test
    void sameSeedSameData() {
        String spec = "{{faker Address.city}} {{int 0 1000000}}";
        assertEquals(
                Template.compile(spec, new Random(7)).render(1),
                Template.compile(spec, new Random(7)).render(1));
    }

    @Test
    void mistakesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Template.compile("{{nope}}", new Random()))
                .getMessage()
                .contains("unknown generator"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Template.compile("{{int 1}}", new Random()))
                .getMessage()
                .contains("{{int MIN MAX}}"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Template.compile("x {{seq", new Random()))
                .getMessage()
                .contains("unclosed"));
        assertThrows(IllegalArgumentException.class, () -> Template.compile("{{faker No.such_thing}}", new Random()));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> Template.compile("{{faker Commerce.product_name}}", new Random()))
                .getMessage()
                .contains("Commerce.productName"));
    }
}
