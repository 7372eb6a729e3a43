package dev.evctl.sandbox.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evctl.schema.registry.RegistryClient.Reference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The sandbox registry's state: subjects with their versions, global schema ids, compatibility
 * levels. Every change is written to the compacted {@code _schemas} topic before it is applied,
 * and the topic is read back at start, so schemas survive sandbox restarts.
 */
final class SchemaStore implements AutoCloseable {

    static final String TOPIC = "_schemas";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One version of a subject. */
    record Version(
            String subject,
            int version,
            int id,
            String schemaType,
            String schema,
            List<Reference> references,
            boolean deleted) {
        /** @param schemaType AVRO, PROTOBUF or JSON, as the registry names them */
        Version {
            references = List.copyOf(references);
        }

        Version asDeleted() {
            return new Version(subject, version, id, schemaType, schema, references, true);
        }

        /**
         * What makes two registrations the same schema for a global id: the type, the exact text and the references.
         */
        String identity() {
            return identityOf(schemaType, schema, references);
        }
    }

    static String identityOf(String schemaType, String schema, List<Reference> references) {
        String typed = schemaType.equals("AVRO") ? schema : schemaType + "\u0000" + schema;
        return references.isEmpty() ? typed : typed + "\u0000" + references;
    }

    private final Map<String, TreeMap<Integer, Version>> subjects = new TreeMap<>();
    private final Map<Integer, Version> schemasById = new HashMap<>();
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<String, String> configs = new HashMap<>();
    /** Highest version ever given per subject: version numbers are never reused, even after a permanent delete. */
    private final Map<String, Integer> maxVersions = new HashMap<>();

    private final KafkaProducer<String, String> producer;
    private int maxId;

    SchemaStore(String bootstrapServers) {
        Properties common = new Properties();
        common.put("bootstrap.servers", bootstrapServers);
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create " + TOPIC + ": " + e.getCause().getMessage(), e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + TOPIC + ": " + e.getMessage(), e);
        }
        load(common);
        Properties p = new Properties();
        p.putAll(common);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    private static final Duration LOAD_DEADLINE = Duration.ofSeconds(60);

    private void load(Properties common) {
        Properties p = new Properties();
        p.putAll(common);
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        // as evctl's own state-topic reader (core's StateTopics, which this module cannot depend on): to the end, with
        // a deadline
        long giveUp = System.nanoTime() + LOAD_DEADLINE.toNanos();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp), LOAD_DEADLINE).get(tp);
            while (c.position(tp, LOAD_DEADLINE) < end) {
                if (System.nanoTime() > giveUp) {
                    throw new IllegalStateException("cannot read the stored schemas (" + TOPIC + ") to its end within "
                            + LOAD_DEADLINE.toSeconds() + " s");
                }
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    apply(r.key(), r.value());
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "cannot read the stored schemas (" + TOPIC + ") within " + LOAD_DEADLINE.toSeconds() + " s: "
                            + e.getMessage(),
                    e);
        }
    }

    // ---- reads

    synchronized List<String> subjects(boolean deleted) {
        List<String> out = new ArrayList<>();
        subjects.forEach((s, versions) -> {
            if (versions.values().stream().anyMatch(v -> deleted || !v.deleted())) {
                out.add(s);
            }
        });
        return out;
    }

    /** Versions of the subject, oldest first; soft-deleted ones only when asked. */
    synchronized List<Version> versions(String subject, boolean deleted) {
        TreeMap<Integer, Version> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        return versions.values().stream().filter(v -> deleted || !v.deleted()).toList();
    }

    synchronized boolean known(String subject) {
        return subjects.containsKey(subject) && !subjects.get(subject).isEmpty();
    }

    /** A version holding the schema with this id (its text and references), or null. */
    synchronized Version schema(int id) {
        return schemasById.get(id);
    }

    /** Ids of the live versions whose references name this subject's version. */
    synchronized List<Integer> referencedBy(String subject, int version) {
        List<Integer> out = new ArrayList<>();
        subjects.values()
                .forEach(vs -> vs.values().stream()
                        .filter(v -> !v.deleted()
                                && v.references().stream()
                                        .anyMatch(r -> r.subject().equals(subject) && r.version() == version))
                        .map(Version::id)
                        .distinct()
                        .forEach(out::add));
        return out;
    }

    synchronized List<Version> usersOf(int id, boolean deleted) {
        List<Version> out = new ArrayList<>();
        subjects.values()
                .forEach(vs -> vs.values().stream()
                        .filter(v -> v.id() == id && (deleted || !v.deleted()))
                        .forEach(out::add));
        return out;
    }

    synchronized String config(String subject) {
        return configs.get(subject == null ? "" : subject);
    }

    // ---- writes (persisted first, then applied)

    /** Adds a version; the id is reused when the same canonical schema exists anywhere. */
    synchronized Version add(String subject, String schemaType, String canonical, List<Reference> references) {
        int id = idsBySchema.getOrDefault(identityOf(schemaType, canonical, references), maxId + 1);
        int version = maxVersions.getOrDefault(subject, 0) + 1;
        Version v = new Version(subject, version, id, schemaType, canonical, references, false);
        write(versionKey(subject, version), versionJson(v));
        return v;
    }

    synchronized void setDeleted(Version v) {
        write(versionKey(v.subject(), v.version()), versionJson(v.asDeleted()));
    }

    synchronized void remove(Version v) {
        write(versionKey(v.subject(), v.version()), null);
    }

    synchronized void setConfig(String subject, String level) {
        ObjectNode n = JSON.createObjectNode().put("compatibility", level);
        write("config:" + (subject == null ? "" : subject), level == null ? null : n.toString());
    }

    private static String versionKey(String subject, int version) {
        return "schema:" + version + ":" + subject;
    }

    private static String versionJson(Version v) {
        ObjectNode n = JSON.createObjectNode()
                .put("subject", v.subject())
                .put("version", v.version())
                .put("id", v.id());
        if (!v.schemaType().equals("AVRO")) {
            n.put("schemaType", v.schemaType()); // as the real registry writes its _schemas records: absent for AVRO
        }
        n.put("schema", v.schema()).put("deleted", v.deleted());
        if (!v.references().isEmpty()) {
            var refs = n.putArray("references");
            v.references()
                    .forEach(r -> refs.addObject()
                            .put("name", r.name())
                            .put("subject", r.subject())
                            .put("version", r.version()));
        }
        return n.toString();
    }

    private void write(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(TOPIC, 0, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + TOPIC + ": " + e.getMessage(), e);
        }
        apply(key, value);
    }

    private void apply(String key, String value) {
        if (key.startsWith("config:")) {
            String subject = key.substring("config:".length());
            if (value == null) {
                configs.remove(subject);
            } else {
                configs.put(subject, read(value).get("compatibility").asText());
            }
            return;
        }
        String[] parts = key.split(":", 3);
        String subject = parts[2];
        int version = Integer.parseInt(parts[1]);
        if (value == null) {
            TreeMap<Integer, Version> versions = subjects.get(subject);
            if (versions != null) {
                versions.remove(version);
                if (versions.isEmpty()) {
                    subjects.remove(subject);
                }
            }
            rebuildIds();
            return;
        }
        JsonNode n = read(value);
        List<Reference> refs = new ArrayList<>();
        n.path("references")
                .forEach(r -> refs.add(new Reference(
                        r.path("name").asText(),
                        r.path("subject").asText(),
                        r.path("version").asInt())));
        Version v = new Version(
                subject,
                version,
                n.get("id").asInt(),
                n.path("schemaType").asText("AVRO"),
                n.get("schema").asText(),
                refs,
                n.get("deleted").asBoolean());
        subjects.computeIfAbsent(subject, s -> new TreeMap<>()).put(version, v);
        maxVersions.merge(subject, version, Math::max);
        schemasById.putIfAbsent(v.id(), v);
        idsBySchema.putIfAbsent(v.identity(), v.id());
        maxId = Math.max(maxId, v.id());
    }

    /** After a permanent delete an id no version uses is gone for good (ids are never handed out again). */
    private void rebuildIds() {
        schemasById.clear();
        idsBySchema.clear();
        subjects.values()
                .forEach(vs -> vs.values().forEach(v -> {
                    schemasById.putIfAbsent(v.id(), v);
                    idsBySchema.putIfAbsent(v.identity(), v.id());
                }));
    }

    private static JsonNode read(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException("corrupt record in " + TOPIC + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
