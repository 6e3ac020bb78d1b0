package dev.tradingpipeline.maven.emr;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.MemorySizes;
import dev.tradingpipeline.core.config.Problem;
import dev.tradingpipeline.core.config.TradingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.emrserverless.model.Application;
import software.amazon.awssdk.services.emrserverless.model.MaximumAllowedResources;

/**
 * Whether a mode's run fits before it is submitted: its workers, driver included, added up and
 * compared with the account's vCPU quota ({@code emr.max-vcpu}) and the application's maximum
 * capacity (GetApplication). A run that asks for more does not fail on EMR Serverless: the
 * executors beyond the limit never start, and the run is slower than planned with nothing said.
 *
 * <p>The rules, from the EMR Serverless User Guide ("Understanding application behavior":
 * maximum capacity, supported worker configurations):
 * <ul>
 *   <li>the driver runs on a worker of its own, which counts like an executor's;</li>
 *   <li>a worker has 1, 2, 4, 8 or 16 vCPU: Spark's cores round up to the next of these;</li>
 *   <li>a worker's memory is Spark's memory plus its overhead ({@code spark.driver.memoryOverhead},
 *       {@code spark.executor.memoryOverhead}; by default 10% of the memory, at least 384 MiB), in
 *       whole GB, at least 2 GB per vCPU, at most 8, 16, 30, 60 or 120 GB for 1, 2, 4, 8 or 16 vCPU,
 *       in steps of 1 GB up to 4 vCPU, 4 GB at 8 vCPU and 8 GB at 16 vCPU;</li>
 *   <li>with dynamic allocation the run may grow to {@code spark.dynamicAllocation.maxExecutors}.</li>
 * </ul>
 * A GB of a worker is taken as the GiB of Spark's {@code g} (the guide's own example puts a 27 GB
 * executor and its 2.7 GB overhead on a 30 GB worker).
 */
public final class EmrCapacity {

    /** The overhead Spark adds to a JVM's memory when nothing sets it: a share of the memory, and at least this. */
    static final double DEFAULT_OVERHEAD_FACTOR = 0.10;
    static final long MIN_OVERHEAD_MIB = 384;

    /** One worker size EMR Serverless offers: its vCPU and the memory it can have, GB. */
    record WorkerSize(int vcpu, int minGb, int maxGb, int stepGb) {
    }

    static final List<WorkerSize> WORKER_SIZES = List.of(
            new WorkerSize(1, 2, 8, 1),
            new WorkerSize(2, 4, 16, 1),
            new WorkerSize(4, 8, 30, 1),
            new WorkerSize(8, 16, 60, 4),
            new WorkerSize(16, 32, 120, 8));

    private static final Pattern LEADING_NUMBER = Pattern.compile("\\s*(\\d+)");

    private EmrCapacity() {
    }

    /**
     * A driver or an executor as EMR Serverless sizes its worker.
     *
     * @param cores       Spark's cores
     * @param memoryMib   Spark's memory (the JVM heap)
     * @param overheadMib the memory Spark asks for beyond the heap
     * @param vcpu        the worker's vCPU (the worker size the cores round up to; 0 when none is large enough)
     * @param memoryGb    the worker's memory, GB, rounded up as the worker size takes it
     */
    public record Worker(int cores, long memoryMib, long overheadMib, int vcpu, int memoryGb) {

        String describe() {
            return vcpu + " vCPU, " + memoryGb + " GB";
        }
    }

    /**
     * What limits a run: the account's quota and, when the application sets one, its maximum
     * capacity (vCPU, GB of memory).
     */
    public record Limits(int quotaVcpu, String applicationId, Optional<Integer> applicationVcpu,
            Optional<Integer> applicationMemoryGb) {

        /** The tighter of the quota and the application's vCPU. */
        int vcpu() {
            return applicationVcpu.map(a -> Math.min(a, quotaVcpu)).orElse(quotaVcpu);
        }

        String describe() {
            String app = applicationVcpu.isEmpty() && applicationMemoryGb.isEmpty()
                    ? "application " + applicationId + " sets no maximum capacity"
                    : "application " + applicationId + " maximumCapacity "
                            + applicationVcpu.map(v -> v + " vCPU").orElse("no vCPU limit") + ", "
                            + applicationMemoryGb.map(m -> m + " GB").orElse("no memory limit");
            return quotaVcpu + " vCPU " + ConfigKeys.EMR_MAX_VCPU + " (the account's quota); " + app;
        }
    }

    /**
     * The run's request and whether it fits.
     *
     * @param figures  how the request adds up, for the log
     * @param problems what does not fit, each naming the sizing keys; empty when the run fits
     */
    public record Assessment(String mode, List<String> figures, List<Problem> problems) {

        public Assessment {
            figures = List.copyOf(figures);
            problems = List.copyOf(problems);
        }

        public boolean fits() {
            return problems.isEmpty();
        }
    }

    /** The limits: {@code emr.max-vcpu} and the application's {@code maximumCapacity} as GetApplication gives it. */
    public static Limits limits(TradingConfig config, String applicationId, Application application) {
        MaximumAllowedResources max = application.maximumCapacity();
        return new Limits(config.getInt(ConfigKeys.EMR_MAX_VCPU), applicationId,
                max == null ? Optional.empty() : leadingNumber(max.cpu()),
                max == null ? Optional.empty() : leadingNumber(max.memory()));
    }

    /** "16 vCPU", "16vCPU", "16" and "64 GB" as numbers (the API gives the capacity as text). */
    static Optional<Integer> leadingNumber(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = LEADING_NUMBER.matcher(text);
        return m.lookingAt() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /**
     * Adds up the mode's request, as the run would get it ({@code sizing.<mode>.*}, then
     * {@code spark-conf.*}), and compares it with the limits.
     *
     * @throws ConfigException when a cores, memory, overhead or executors setting is not a value
     *                         Spark reads (every one named)
     */
    public static Assessment assess(TradingConfig config, String mode, Limits limits) {
        Map<String, String[]> s = SparkSubmitParameters.sizingSettings(config, mode);
        String source = config.source();
        List<Problem> problems = new ArrayList<>();
        // values Spark could not read at all: wrong whatever the limits, so emr.allow-oversized does not let them by
        List<Problem> unreadable = new ArrayList<>();

        Optional<Worker> driver = worker(s, "driver", source, problems, unreadable);
        Optional<Worker> executor = worker(s, "executor", source, problems, unreadable);
        boolean dynamic = Boolean.parseBoolean(value(s, "spark.dynamicAllocation.enabled").orElse("false"));
        String countSetting = dynamic && s.containsKey("spark.dynamicAllocation.maxExecutors")
                ? "spark.dynamicAllocation.maxExecutors" : "spark.executor.instances";
        String countKey = origin(s, countSetting);
        int executors;
        try {
            executors = Integer.parseInt(value(s, countSetting).orElse("1"));
        } catch (NumberFormatException e) {
            unreadable.add(new Problem(countKey, source, countKey + " is '" + value(s, countSetting).orElse("")
                    + "', not a number of executors"));
            executors = 0;
        }
        if (!unreadable.isEmpty()) {
            throw new ConfigException("Invalid configuration for target emr", unreadable);
        }
        if (driver.isEmpty() || executor.isEmpty()) {
            return new Assessment(mode, List.of(), problems);
        }
        Worker d = driver.get();
        Worker e = executor.get();
        int vcpu = d.vcpu() + executors * e.vcpu();
        int memoryGb = d.memoryGb() + executors * e.memoryGb();

        List<String> figures = new ArrayList<>();
        figures.add("Capacity check of the " + mode + " run (EMR Serverless workers: memory plus Spark's overhead,"
                + " rounded up to a worker size):");
        figures.add("  driver     1 x " + d.describe() + "  (" + origin(s, "spark.driver.cores") + " " + d.cores()
                + ", " + origin(s, "spark.driver.memory") + " " + value(s, "spark.driver.memory").orElse("") + " + "
                + d.overheadMib() + " MiB overhead)");
        figures.add("  executors  " + executors + " x " + e.describe() + "  (" + countKey + " " + executors
                + (dynamic ? " with dynamic allocation" : "") + ", " + origin(s, "spark.executor.cores") + " "
                + e.cores() + ", " + origin(s, "spark.executor.memory") + " " + value(s, "spark.executor.memory").orElse("")
                + " + " + e.overheadMib() + " MiB overhead)");
        figures.add("  total      " + vcpu + " vCPU, " + memoryGb + " GB");
        figures.add("  limits     " + limits.describe());

        String asked = "the " + mode + " run asks for " + vcpu + " vCPU (a " + d.vcpu() + " vCPU driver and "
                + executors + " executor" + (executors == 1 ? "" : "s") + " of " + e.vcpu() + " vCPU: "
                + origin(s, "spark.driver.cores") + ", " + origin(s, "spark.executor.cores") + ", " + countKey + ")";
        String fits = whatFits(d, e, limits, countKey);
        if (vcpu > limits.quotaVcpu()) {
            problems.add(new Problem(countKey, source, asked + ", more than " + ConfigKeys.EMR_MAX_VCPU + " ("
                    + limits.quotaVcpu() + ", the account's EMR Serverless quota): " + fits));
        }
        if (limits.applicationVcpu().isPresent() && vcpu > limits.applicationVcpu().get()) {
            problems.add(new Problem(countKey, source, asked + ", more than the maximum capacity of application "
                    + limits.applicationId() + " (" + limits.applicationVcpu().get() + " vCPU): " + fits));
        }
        if (limits.applicationMemoryGb().isPresent() && memoryGb > limits.applicationMemoryGb().get()) {
            problems.add(new Problem(countKey, source, "the " + mode + " run asks for " + memoryGb + " GB (a "
                    + d.memoryGb() + " GB driver and " + executors + " executor" + (executors == 1 ? "" : "s") + " of "
                    + e.memoryGb() + " GB, overhead included: " + origin(s, "spark.driver.memory") + ", "
                    + origin(s, "spark.executor.memory") + ", " + countKey + "), more than the maximum capacity of"
                    + " application " + limits.applicationId() + " (" + limits.applicationMemoryGb().get() + " GB): "
                    + fits));
        }
        return new Assessment(mode, figures, problems);
    }

    /**
     * The mode's request against the application and the account, its figures logged; what a dry
     * run shows before it says, with {@link #enforce}, whether submit would go ahead.
     */
    public static Assessment measure(TradingConfig config, String mode, String applicationId, Application application,
            Consumer<String> log) {
        Assessment a = assess(config, mode, limits(config, applicationId, application));
        a.figures().forEach(log);
        return a;
    }

    /**
     * Checks the mode's request as submit does before StartJobRun: the figures are logged; a run
     * that does not fit fails, or with {@code emr.allow-oversized=true} is let through with a warning.
     *
     * @throws ConfigException naming every sizing key that does not fit
     */
    public static Assessment check(TradingConfig config, String mode, String applicationId, Application application,
            Consumer<String> log) {
        Assessment a = measure(config, mode, applicationId, application, log);
        enforce(a, config.getBoolean(ConfigKeys.EMR_ALLOW_OVERSIZED), false, log);
        return a;
    }

    /**
     * Lets a run that fits through; one that does not fails before anything is submitted, or with
     * {@code allowOversized} goes ahead with a warning.
     *
     * @param dryRun whether this is the plan of a submit (the messages say what submit would do)
     * @throws ConfigException naming every sizing key that does not fit
     */
    public static void enforce(Assessment a, boolean allowOversized, boolean dryRun, Consumer<String> log) {
        if (a.fits()) {
            return;
        }
        if (allowOversized) {
            a.problems().forEach(p -> log.accept("[warning] " + p.line()));
            log.accept("[warning] " + (dryRun ? "Submit would go ahead" : "Submitting anyway") + " ("
                    + ConfigKeys.EMR_ALLOW_OVERSIZED + "=true): the workers beyond the limit will not start, or the run"
                    + " will wait for them");
            return;
        }
        throw new ConfigException("The " + a.mode() + " run does not fit the EMR Serverless account or application; "
                + (dryRun ? "submit would fail before StartJobRun" : "nothing was submitted") + " ("
                + ConfigKeys.EMR_ALLOW_OVERSIZED + "=true submits anyway)", a.problems());
    }

    /** How many executors of this size fit beside the driver, said with the key to set. */
    static String whatFits(Worker d, Worker e, Limits limits, String countKey) {
        int byVcpu = (limits.vcpu() - d.vcpu()) / e.vcpu();
        int fit = limits.applicationMemoryGb().map(m -> Math.min(byVcpu, (m - d.memoryGb()) / e.memoryGb()))
                .orElse(byVcpu);
        String executor = e.vcpu() + " vCPU" + (limits.applicationMemoryGb().isPresent() ? " and " + e.memoryGb() + " GB" : "");
        String driverSize = d.vcpu() + " vCPU" + (limits.applicationMemoryGb().isPresent() ? ", " + d.memoryGb() + " GB" : "");
        if (fit < 1) {
            return "not one executor of " + executor + " fits beside a " + driverSize + " driver; make the driver or"
                    + " the executors smaller, or raise the limit";
        }
        return fit + " executor" + (fit == 1 ? "" : "s") + " of " + executor + (fit == 1 ? " fits" : " fit")
                + " beside a " + driverSize + " driver (" + countKey + ": " + fit + ")";
    }

    /** The driver's or the executors' worker, or empty with a problem when its settings cannot be read or sized. */
    private static Optional<Worker> worker(Map<String, String[]> s, String role, String source, List<Problem> problems,
            List<Problem> unreadable) {
        String coresSetting = "spark." + role + ".cores";
        String memorySetting = "spark." + role + ".memory";
        int cores;
        long memoryMib;
        try {
            cores = Integer.parseInt(value(s, coresSetting).orElseThrow());
        } catch (RuntimeException e) {
            String key = origin(s, coresSetting);
            unreadable.add(new Problem(key, source, key + " is '" + value(s, coresSetting).orElse("") + "', not a number of cores"));
            return Optional.empty();
        }
        try {
            memoryMib = MemorySizes.mib(value(s, memorySetting).orElseThrow());
        } catch (RuntimeException e) {
            String key = origin(s, memorySetting);
            unreadable.add(new Problem(key, source, key + " is '" + value(s, memorySetting).orElse("")
                    + "', not a memory size Spark reads (such as 8g or 512m)"));
            return Optional.empty();
        }
        // spark.<role>.memoryOverhead as given, else the factor's share (spark.<role>.memoryOverheadFactor)
        String overheadSetting = "spark." + role + ".memoryOverhead";
        String factorSetting = "spark." + role + ".memoryOverheadFactor";
        Optional<Long> fixedOverhead;
        double factor;
        try {
            fixedOverhead = value(s, overheadSetting).map(MemorySizes::mib);
        } catch (RuntimeException e) {
            unreadable.add(notReadable(s, overheadSetting, "a memory size", source));
            return Optional.empty();
        }
        try {
            factor = value(s, factorSetting).map(Double::parseDouble).orElse(DEFAULT_OVERHEAD_FACTOR);
        } catch (RuntimeException e) {
            unreadable.add(notReadable(s, factorSetting, "a factor such as 0.1", source));
            return Optional.empty();
        }
        long overheadMib = fixedOverhead.orElse(overhead(memoryMib, factor));
        Optional<WorkerSize> size = WORKER_SIZES.stream().filter(w -> w.vcpu() >= cores).findFirst();
        if (size.isEmpty()) {
            String key = origin(s, coresSetting);
            problems.add(new Problem(key, source, key + " is " + cores + ": no EMR Serverless worker has more than "
                    + WORKER_SIZES.get(WORKER_SIZES.size() - 1).vcpu() + " vCPU"));
            return Optional.empty();
        }
        WorkerSize w = size.get();
        int memoryGb = memoryGb(memoryMib + overheadMib, w);
        if (memoryGb > w.maxGb()) {
            String key = origin(s, memorySetting);
            long mostGiB = largestMemoryMib(w.maxGb() * 1024L, fixedOverhead, factor) / 1024;
            problems.add(new Problem(key, source, key + " is " + value(s, memorySetting).get() + ": with " + overheadMib
                    + " MiB overhead that is " + (memoryMib + overheadMib) + " MiB, more than the " + w.maxGb()
                    + " GB of the largest EMR Serverless worker of " + w.vcpu() + " vCPU (" + origin(s, coresSetting)
                    + " " + cores + "); at most " + mostGiB + "g fits"));
            return Optional.empty();
        }
        return Optional.of(new Worker(cores, memoryMib, overheadMib, w.vcpu(), memoryGb));
    }

    /** Spark's default overhead: the factor's share of the memory, at least 384 MiB. */
    static long overhead(long memoryMib, double factor) {
        return Math.max((long) (factor * memoryMib), MIN_OVERHEAD_MIB);
    }

    /** The memory of a worker of this size for a container of this many MiB: whole GB, the size's minimum and step. */
    static int memoryGb(long containerMib, WorkerSize w) {
        long gb = Math.max((containerMib + 1023) / 1024, w.minGb());
        long steps = (gb - w.minGb() + w.stepGb() - 1) / w.stepGb();
        return (int) (w.minGb() + steps * w.stepGb());
    }

    /** The most memory (MiB) whose container still fits in {@code limitMib}. */
    static long largestMemoryMib(long limitMib, Optional<Long> fixedOverheadMib, double factor) {
        if (fixedOverheadMib.isPresent()) {
            return limitMib - fixedOverheadMib.get();
        }
        long m = (long) (limitMib / (1 + factor)) + 1;
        while (m > 0 && m + overhead(m, factor) > limitMib) {
            m--;
        }
        return m;
    }

    private static Problem notReadable(Map<String, String[]> s, String sparkKey, String what, String source) {
        String key = origin(s, sparkKey);
        return new Problem(key, source, key + " is '" + value(s, sparkKey).orElse("") + "', which Spark cannot read as "
                + what);
    }

    private static Optional<String> value(Map<String, String[]> s, String sparkKey) {
        String[] v = s.get(sparkKey);
        return v == null || v[0] == null || v[0].isBlank() ? Optional.empty() : Optional.of(v[0].trim());
    }

    /** The config key a Spark setting came from ({@code sizing.<mode>.*} or {@code spark-conf.*}). */
    private static String origin(Map<String, String[]> s, String sparkKey) {
        String[] v = s.get(sparkKey);
        return v == null ? "spark-conf." + sparkKey : v[1];
    }
}
