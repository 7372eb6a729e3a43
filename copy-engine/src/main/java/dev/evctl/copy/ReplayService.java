package dev.evctl.copy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.tail.OffsetSpec;
import dev.evctl.core.topics.TopicInfo;
import dev.evctl.core.topics.TopicService;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.utils.Utils;

/**
 * Replay without a command line: a request becomes a plan (the job, its range, what the plan must
 * say or refuse about the target), and a plan becomes a run on the copy engine. The command
 * parses, asks and renders; every decision about the copy is made here.
 */
public final class ReplayService {

    /** How a source partition maps to a target partition. */
    public enum PartitionMapping {
        same,
        hash
    }

    /** The header {@code --add-provenance} writes: source topic, partition and offset. */
    public static final String PROVENANCE_HEADER = "evctl-source";

    /**
     * What to copy.
     *
     * @param jobId         null: derived from what defines the job ({@link #jobId})
     * @param filter        which records are copied (null: all); {@code filterIdentity} is its part of the job's
     * identity
     * @param createTarget  create a missing target with the source's partition count and configs
     * @param ontoSource    allow the target to be the source topic itself
     * @param dryRun        only plan (the notes say "would")
     */
    public record Request(
            String sourceTopic,
            String targetTopic,
            List<Integer> partitions,
            Range range,
            PartitionMapping mapping,
            Predicate<ConsumerRecord<byte[], byte[]>> filter,
            String filterIdentity,
            boolean provenance,
            double rate,
            boolean transactional,
            String jobId,
            boolean createTarget,
            boolean ontoSource,
            boolean dryRun) {
        public Request {
            partitions = List.copyOf(partitions);
            if (rate < 0) {
                throw EvctlException.usage("--rate must be positive, got " + rate);
            }
        }

        /** {@code --from} as given. */
        public String from() {
            return range.from();
        }

        /** {@code --to} as given. */
        public String to() {
            return range.to();
        }
    }

    /**
     * A range as given (its words are part of the job's identity) and as parsed — once, before anything connects: a
     * bad range is a usage error.
     */
    public record Range(String from, String to, OffsetSpec fromSpec, OffsetSpec toSpec) {
        public static Range parse(String from, String to) {
            Instant now = Instant.now();
            return new Range(from, to, OffsetSpec.parse(from, "--from", now), OffsetSpec.parse(to, "--to", now));
        }
    }

    /**
     * A plan ready to confirm and run.
     *
     * @param heldByTarget  offsets the target held when a new job was planned (0 when none, or when the job ran before)
     * @param createConfigs configs a target created by the run gets beyond the source's (retention.ms=-1 for old
     * records)
     * @param workers       the workers here that run it ({@code --join}, {@code --parallel}); null: this process alone
     * @param definition    what the job is, as every worker must agree
     */
    public record Prepared(
            Request request,
            CopyEngine engine,
            CopyPlan plan,
            List<String> notes,
            long heldByTarget,
            Map<String, String> createConfigs,
            JobWorkers workers,
            JobDefinition definition) {}

    private final KafkaClients source;
    private final KafkaClients destination;
    private final boolean sameCluster;
    private final Consumer<String> diagnostics;
    private final Duration timeout;

    /**
     * @param target      the target cluster's clients; null when it is the source's
     * @param diagnostics told what a run recovers from
     */
    public ReplayService(KafkaClients source, KafkaClients target, Consumer<String> diagnostics, Duration timeout) {
        this.source = source;
        this.destination = target == null ? source : target;
        this.sameCluster = target == null;
        this.diagnostics = diagnostics;
        this.timeout = timeout;
    }

    /** The plan of a run by this process alone; see {@link #prepare(Request, int)}. */
    public Prepared prepare(Request r) {
        return prepare(r, 0);
    }

    /**
     * The plan, with what it must say and who runs it ({@code workers} here, or 0: this process alone); refuses (a
     * usage or bad-input error) what must not run — workers where they cannot be exact, a job whose workers run
     * another definition, a run beside the workers of the same job.
     */
    public Prepared prepare(Request r, int workers) {
        Prepared p = plan(r);
        if (workers == 0) {
            refuseBesideWorkers(p);
            return p;
        }
        JobWorkers jobWorkers = workers(p);
        jobWorkers.requireSameDefinition(p.plan().job(), p.definition());
        return new Prepared(
                r, p.engine(), p.plan(), p.notes(), p.heldByTarget(), p.createConfigs(), jobWorkers, p.definition());
    }

    private Prepared plan(Request r) {
        String id = r.jobId() != null
                ? r.jobId()
                : jobId(
                        source.connection().bootstrapServers(),
                        r.sourceTopic(),
                        destination.connection().bootstrapServers(),
                        r.targetTopic(),
                        r.partitions(),
                        r.from(),
                        r.to(),
                        r.mapping().name(),
                        r.filterIdentity(),
                        r.provenance());
        List<String> notes = new ArrayList<>();
        int targetPartitions = targetPartitions(r, notes);
        CopyJob job;
        try {
            job = new CopyJob(
                            id,
                            r.sourceTopic(),
                            new ArrayList<>(new TreeSet<>(r.partitions())),
                            r.range().fromSpec(),
                            r.range().toSpec(),
                            mapper(r, targetPartitions),
                            r.rate(),
                            r.transactional())
                    .withRange("--from " + r.from() + " --to " + r.to());
        } catch (IllegalArgumentException e) {
            throw EvctlException.usage("--job-id: " + e.getMessage());
        }
        CopyEngine engine = new CopyEngine(
                source, destination, diagnostics, Duration.ofMinutes(2).plus(timeout));
        CopyPlan plan = engine.plan(job, r.targetTopic());
        if (sameCluster && r.targetTopic().equals(r.sourceTopic()) && !r.ontoSource() && !plan.finished()) {
            throw EvctlException.usage(
                    "the target is the source topic '" + r.sourceTopic() + "': the copy would append the range to"
                            + " itself (and a new job again) — pass --onto-source if that is meant");
        }
        if (r.mapping() == PartitionMapping.same) {
            for (CopyPlan.Partition p : plan.partitions()) {
                if (p.state().partition() >= targetPartitions && !p.state().done()) {
                    throw EvctlException.badInput(
                            "target '" + r.targetTopic() + "' has " + targetPartitions + " partition"
                                    + (targetPartitions == 1 ? "" : "s") + " but source partition "
                                    + p.state().partition()
                                    + " has records to copy: add partitions to the target, or use "
                                    + "--partition-mapping hash");
                }
            }
        }
        notes.addAll(plan.notes());
        Map<String, String> createConfigs = new HashMap<>();
        long held = plan.finished() ? 0 : targetNotes(r, plan, notes, createConfigs);
        return new Prepared(r, engine, plan, notes, held, createConfigs, null, definition(r));
    }

    /**
     * The job's workers ({@code --join}, {@code --parallel}): refused where a worker cannot be
     * exact — a target on another cluster (the source offsets and the copies commit in one
     * transaction of the target's cluster) or without transactions.
     */
    public JobWorkers workers(Prepared p) {
        if (!sameCluster) {
            throw EvctlException.usage(
                    "--join and --parallel need the target on the source's cluster: a worker commits the source"
                            + " offsets and the copies in one transaction there (KIP-447) — run one process "
                            + "with --target-context instead");
        }
        if (!p.request().transactional()) {
            throw EvctlException.usage(
                    "--join and --parallel need transactions: without them a worker that lost its partitions"
                            + " could write them twice — drop --no-transactions");
        }
        return new JobWorkers(source, diagnostics, Duration.ofMinutes(2).plus(timeout));
    }

    /**
     * What a job run by workers is, as every worker must agree: written with the plan, compared by each worker that
     * joins.
     */
    public static JobDefinition definition(Request r) {
        String identity = CopyJob.derivedId(
                "def",
                r.sourceTopic(),
                r.targetTopic(),
                new TreeSet<>(r.partitions()).toString(),
                r.from(),
                r.to(),
                r.mapping().name(),
                r.filterIdentity(),
                Boolean.toString(r.provenance()));
        return new JobDefinition(
                identity, r.sourceTopic(), r.targetTopic(), r.from(), r.to(), System.currentTimeMillis());
    }

    /**
     * Refuses to start a new job, unattended, into a target that already holds records: that is a second job
     * doubling the target (or the resumable job's --job-id forgotten), unless the request says {@code append}.
     * Copying a topic onto itself is the one case where the target holds records by design.
     */
    public static void refuseNewJobIntoHeldTarget(Prepared p, boolean unattended, boolean append) {
        Request r = p.request();
        boolean ontoItself = r.ontoSource() && r.targetTopic().equals(r.sourceTopic());
        if (!r.dryRun() && p.heldByTarget() > 0 && unattended && !append && !ontoItself) {
            throw EvctlException.usage("target '" + r.targetTopic() + "' already holds records (offsets: "
                    + p.heldByTarget() + ") and job " + p.plan().job().id()
                    + " is new: to resume the job that wrote them pass its --job-id; to copy this range beside"
                    + " them pass --append");
        }
    }

    /**
     * Refuses a single-process run of a job while workers run it: both would copy the same
     * partitions, and only the workers' commits carry the group's generation.
     */
    private void refuseBesideWorkers(Prepared p) {
        if (sameCluster
                && p.request().transactional()
                && p.plan().resumed()
                && !p.plan().finished()
                && new JobWorkers(source, diagnostics, timeout)
                        .hasMembers(p.plan().job())) {
            throw EvctlException.usage(
                    "job '" + p.plan().job().id() + "' is being run by workers (--join): add this process with"
                            + " --join, or wait for them (evctl replay status "
                            + p.plan().job().id() + ")");
        }
    }

    /**
     * Creates the target when the request asks for it and it is missing: the source's partition count and configs,
     * and the plan's.
     */
    public void createTargetIfMissing(Prepared p) {
        TopicService targets = new TopicService(destination);
        if (p.request().createTarget() && !exists(targets, p.request().targetTopic())) {
            TopicInfo src = new TopicService(source).describe(p.request().sourceTopic());
            Map<String, String> configs = new HashMap<>(src.configs());
            configs.putAll(p.createConfigs());
            targets.create(p.request().targetTopic(), src.partitions().size(), Optional.empty(), configs, true);
        }
    }

    /**
     * Claims the target for the plan's job on the target's cluster (see {@link TargetClaim}), then makes sure a new
     * job's target holds no more than the plan showed: a job that copied there between the plan and the claim refuses
     * this one, unless {@code --append} asks to copy beside whatever is there. Null, with a warning, where the
     * cluster's ACLs do not let evctl claim (the copy itself is as exact as ever).
     */
    public TargetClaim claimTarget(Prepared p, boolean append) {
        TargetClaim claim;
        try {
            claim = TargetClaim.acquire(
                    destination, p.request().targetTopic(), p.plan().job().id(), diagnostics);
        } catch (EvctlException e) {
            if (!notAuthorized(e)) {
                throw e;
            }
            // a cluster whose ACLs keep evctl from its claims topic or liveness group: copying still works, exactly
            // once per job; only two jobs started at the same moment are not kept apart — said, not hidden
            diagnostics.accept("warning: cannot claim target '" + p.request().targetTopic() + "' (" + e.getMessage()
                    + "): two jobs started at the same moment could both copy into it — allow evctl to create and"
                    + " write " + TargetClaim.TOPIC + " and to join groups evctl-claim-live.*, or run one job at a"
                    + " time");
            claim = null;
        }
        if (claim == null) {
            return null;
        }
        try {
            if (!append && !p.plan().resumed() && !p.request().ontoSource() && !claim.shared()) {
                TopicService targets = new TopicService(destination);
                long held = !exists(targets, p.request().targetTopic())
                        ? 0
                        : targets.describe(p.request().targetTopic()).partitions().stream()
                                .mapToLong(t -> t.endOffset() - t.startOffset())
                                .sum();
                if (held > p.heldByTarget()) {
                    throw EvctlException.usage("target '" + p.request().targetTopic() + "' received records since"
                            + " job " + p.plan().job().id() + " was planned (offsets: " + p.heldByTarget() + " → "
                            + held + "; another job copied there first): to copy this range beside them pass"
                            + " --append");
                }
            }
            return claim;
        } catch (RuntimeException e) {
            claim.close();
            throw e;
        }
    }

    private static boolean notAuthorized(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthorizationException) {
                return true;
            }
        }
        return false;
    }

    /** A replay's derived job id: what a re-run of the same command finds its job by (JobIdentityTest pins it). */
    public static String jobId(
            String sourceServers,
            String sourceTopic,
            String targetServers,
            String targetTopic,
            Collection<Integer> partitions,
            String from,
            String to,
            String mapping,
            String filters,
            boolean provenance) {
        return CopyJob.derivedId(
                "replay",
                sourceServers,
                sourceTopic,
                targetServers,
                targetTopic,
                new TreeSet<>(partitions).toString(),
                from,
                to,
                mapping,
                filters,
                Boolean.toString(provenance));
    }

    /** The target's partition count (the source's when it is to be created); notes what changes timestamps. */
    private int targetPartitions(Request r, List<String> notes) {
        TopicService targets = new TopicService(destination);
        if (!exists(targets, r.targetTopic())) {
            if (!r.createTarget()) {
                throw EvctlException.notFound("target topic '" + r.targetTopic() + "' does not exist on "
                        + destination.connection().bootstrapServers()
                        + ": create it, or pass --create-target to copy the source's partition count and configs");
            }
            // created only once the plan is confirmed (createTargetIfMissing); the dry run just says so
            TopicInfo src = new TopicService(source).describe(r.sourceTopic());
            notes.add("target '" + r.targetTopic() + "' does not exist: " + (r.dryRun() ? "it would be" : "it will be")
                    + " created with " + src.partitions().size() + " partitions and the source's configs "
                    + src.configs());
            return src.partitions().size();
        }
        int count = destination.describeTopic(r.targetTopic()).partitions().size();
        for (ConfigEntry e : destination.topicConfig(r.targetTopic()).entries()) {
            if (e.name().equals("message.timestamp.type") && "LogAppendTime".equals(e.value())) {
                notes.add("target '" + r.targetTopic()
                        + "' uses LogAppendTime: the broker replaces the copied timestamps");
            }
        }
        return count;
    }

    /**
     * What the plan must say about the target: records it already holds (a new job copies its
     * range again beside them), and records of the range older than the target's retention (the
     * copies keep their timestamps, so the broker deletes them at its next retention check).
     * Returns the offsets a target holds for a new job (0 when none).
     */
    private long targetNotes(Request r, CopyPlan plan, List<String> notes, Map<String, String> createConfigs) {
        TopicService targets = new TopicService(destination);
        boolean exists = exists(targets, r.targetTopic());
        List<TopicPartition> sourceTps = plan.partitions().stream()
                .map(p -> new TopicPartition(r.sourceTopic(), p.state().partition()))
                .toList();
        long retention;
        boolean explicit = true;
        long heldByTarget = 0;
        if (exists) {
            if (!plan.resumed()) {
                long held = targets.describe(r.targetTopic()).partitions().stream()
                        .mapToLong(p -> p.endOffset() - p.startOffset())
                        .sum();
                if (held > 0) {
                    heldByTarget = held;
                    notes.add("target '" + r.targetTopic() + "' already holds records (offsets: " + held
                            + ") and this job (" + plan.job().id()
                            + ") is new: its range is copied beside them — to resume an earlier job, "
                            + "pass its --job-id");
                }
            }
            ConfigEntry entry = destination.topicConfig(r.targetTopic()).get("retention.ms");
            retention = entry == null || entry.value() == null ? -1 : Long.parseLong(entry.value());
        } else {
            ConfigEntry entry = source.topicConfig(r.sourceTopic()).get("retention.ms");
            retention = entry == null || entry.value() == null ? -1 : Long.parseLong(entry.value());
            explicit = entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG;
        }
        if (retention < 0) {
            return heldByTarget;
        }
        long cutoff = System.currentTimeMillis() - retention;
        Map<TopicPartition, Long> query = new HashMap<>();
        sourceTps.forEach(tp -> query.put(tp, Math.max(0, cutoff)));
        long old = 0;
        try (var consumer = source.consumer(Map.of())) {
            var found = consumer.offsetsForTimes(query, source.connection().timeout());
            for (CopyPlan.Partition p : plan.partitions()) {
                var at = found.get(new TopicPartition(r.sourceTopic(), p.state().partition()));
                long firstYoung = at == null ? p.state().end() : at.offset();
                old += Math.max(
                        0, Math.min(firstYoung, p.state().end()) - p.state().next());
            }
        }
        if (old == 0) {
            return heldByTarget;
        }
        String age = Duration.ofMillis(retention).toString().substring(2).toLowerCase(Locale.ROOT);
        if (!exists && r.createTarget() && !explicit) {
            // the source only inherits the broker's default: nobody chose that retention for these records
            createConfigs.put("retention.ms", "-1");
            notes.add(old + " records of the range are older than the source's retention.ms (" + age
                    + "): the target is created with"
                    + " retention.ms=-1 so the copies, which keep their timestamps, are not deleted at once");
        } else {
            notes.add("warning: " + old + " records of the range are older than the "
                    + (exists ? "target's" : "source's (copied)")
                    + " retention.ms (" + age
                    + "): the copies keep their timestamps, so the broker deletes them at its next retention"
                    + " check — set retention.ms=-1 (or longer) on '" + r.targetTopic() + "' first");
        }
        return heldByTarget;
    }

    private static boolean exists(TopicService topics, String topic) {
        try {
            topics.describe(topic);
            return true;
        } catch (EvctlException e) {
            if (e.kind() == EvctlException.Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** The copy of each record that passes the filter: same bytes, headers and timestamp; partition by the mapping. */
    private static RecordMapper mapper(Request r, int targetPartitions) {
        String target = r.targetTopic();
        String src = r.sourceTopic();
        PartitionMapping how = r.mapping();
        boolean addProvenance = r.provenance();
        Predicate<ConsumerRecord<byte[], byte[]>> filter = r.filter();
        return rec -> {
            if (filter != null && !filter.test(rec)) {
                return null;
            }
            int partition = how == PartitionMapping.same
                    ? rec.partition()
                    : rec.key() == null
                            ? rec.partition() % targetPartitions
                            : Utils.toPositive(Utils.murmur2(rec.key())) % targetPartitions;
            ProducerRecord<byte[], byte[]> out =
                    new ProducerRecord<>(target, partition, rec.timestamp(), rec.key(), rec.value());
            rec.headers().forEach(h -> out.headers().add(h.key(), h.value()));
            if (addProvenance) {
                out.headers()
                        .add(
                                PROVENANCE_HEADER,
                                (src + "/" + rec.partition() + "@" + rec.offset()).getBytes(StandardCharsets.UTF_8));
            }
            return out;
        };
    }
}
