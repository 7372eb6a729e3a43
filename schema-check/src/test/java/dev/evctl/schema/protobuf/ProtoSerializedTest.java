package dev.evctl.schema.protobuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.TimestampProto;
import org.junit.jupiter.api.Test;

/**
 * The registry's {@code ?format=serialized} form: a descriptor a client can build and read messages with, the
 * same messages as evctl's own descriptor; labels only where the text gives them. (Byte equality with
 * Confluent's registry is checked on its recorded answer in the sandbox's TranscriptReplayTest.)
 */
class ProtoSerializedTest {

    private static final String ORDER = """
            syntax = "proto3";
            package shop.v1;

            import "google/protobuf/timestamp.proto";

            message Order {
              string id = 1;
              repeated string tags = 2;
              map<string, int64> counts = 3;
              optional string note = 4;
              oneof payment {
                string card = 5;
                string iban = 6;
              }
              google.protobuf.Timestamp at = 7;
              Line line = 8;
              message Line {
                Status status = 1;
              }
              enum Status {
                NEW = 0;
                PAID = 1;
              }
            }
            """;

    @Test
    void theSerializedFormBuildsTheSameMessagesAsEvctlsDescriptor() throws Exception {
        ProtoSchema schema = ProtoSchema.parse(ORDER);
        FileDescriptorProto serialized = FileDescriptorProto.parseFrom(
                ProtoDescriptors.serialized(schema).toByteArray());
        assertEquals("default", serialized.getName());
        assertEquals(List.of("google/protobuf/timestamp.proto"), serialized.getDependencyList());
        Descriptors.FileDescriptor client = Descriptors.FileDescriptor.buildFrom(
                serialized, new Descriptors.FileDescriptor[] {TimestampProto.getDescriptor()});
        Descriptors.FileDescriptor own = ProtoDescriptors.build(schema);
        assertEquals(describe(own.getMessageTypes()), describe(client.getMessageTypes()));
    }

    @Test
    void aFieldHasALabelOnlyWhereTheTextGivesOneOrItRepeats() {
        DescriptorProto order =
                ProtoDescriptors.serialized(ProtoSchema.parse(ORDER)).getMessageType(0);
        for (FieldDescriptorProto f : order.getFieldList()) {
            switch (f.getName()) {
                case "id", "at", "line", "card", "iban" -> assertFalse(f.hasLabel(), f.getName());
                case "tags", "counts" -> assertEquals(FieldDescriptorProto.Label.LABEL_REPEATED, f.getLabel());
                case "note" -> assertTrue(f.hasLabel() && f.getProto3Optional(), f.toString());
                default -> throw new AssertionError("unexpected field " + f.getName());
            }
        }
    }

    /** Each message's fields as name/number/type/repeated/containing oneof, nested messages included. */
    private static String describe(List<Descriptors.Descriptor> messages) {
        StringBuilder out = new StringBuilder();
        for (Descriptors.Descriptor m : messages) {
            out.append(m.getFullName()).append('{');
            for (Descriptors.FieldDescriptor f : m.getFields()) {
                out.append(f.getName())
                        .append('=')
                        .append(f.getNumber())
                        .append(':')
                        .append(f.getType())
                        .append(f.isRepeated() ? "*" : "")
                        .append(
                                f.getRealContainingOneof() == null
                                        ? ""
                                        : "|" + f.getRealContainingOneof().getName())
                        .append(f.hasPresence() ? "?" : "")
                        .append(' ');
            }
            out.append(describe(m.getNestedTypes())).append('}');
        }
        return out.toString();
    }
}
