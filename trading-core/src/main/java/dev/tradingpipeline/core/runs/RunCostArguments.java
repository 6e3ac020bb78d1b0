package dev.tradingpipeline.core.runs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a finished EMR Serverless run cost, as the plugin hands it to the job's
 * {@value #MODE} mode, which writes it on the run's rows of {@code gold.strategy_runs}: one
 * {@code --cost key=value} argument per figure. The plugin learns the figures from GetJobRun once
 * the run has ended; the job cannot know its own bill, so this is a second, small job run.
 *
 * @param jobRunId       the EMR Serverless job run that was billed
 * @param vcpuHours      billed vCPU-hours (the one-minute minimum per worker applied)
 * @param memoryGbHours  billed memory GB-hours
 * @param storageGbHours billed storage GB-hours (beyond the free 20 GB per worker)
 * @param dollars        the figures times the price table
 * @param basis          what the prices are ("us-east-1 ARM64 list prices ...")
 */
public record RunCostArguments(String jobRunId, double vcpuHours, double memoryGbHours, double storageGbHours,
        BigDecimal dollars, String basis) {

    /** The job's mode that records a run's cost; not one of the modes a user runs. */
    public static final String MODE = "record-cost";
    public static final String FLAG = "--cost";
    public static final String JOB_RUN_ID = "job-run-id";
    public static final String VCPU_HOURS = "vcpu-hours";
    public static final String MEMORY_GB_HOURS = "memory-gb-hours";
    public static final String STORAGE_GB_HOURS = "storage-gb-hours";
    public static final String DOLLARS = "usd";
    public static final String BASIS = "basis";
    public static final List<String> KEYS = List.of(JOB_RUN_ID, VCPU_HOURS, MEMORY_GB_HOURS, STORAGE_GB_HOURS,
            DOLLARS, BASIS);

    /** EMR Serverless job run ids are lower-case letters and digits. */
    private static final Pattern JOB_RUN = Pattern.compile("[0-9a-z]{1,64}");
    /** Printable, no quote or backslash: safe in a SQL literal and in EMR's argument list. */
    private static final Pattern BASIS_TEXT = Pattern.compile("[^'\"\\\\\\p{Cntrl}]{1,200}");

    public RunCostArguments {
        List<String> problems = problems(jobRunId, vcpuHours, memoryGbHours, storageGbHours, dollars, basis);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** The arguments after {@code --mode record-cost --run-id <id>}: {@code --cost key=value} each. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        figures().forEach((k, v) -> {
            args.add(FLAG);
            args.add(k + "=" + v);
        });
        return args;
    }

    /** Key to value, in {@link #KEYS} order, as the arguments carry them. */
    public Map<String, String> figures() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(JOB_RUN_ID, jobRunId);
        m.put(VCPU_HOURS, plain(vcpuHours));
        m.put(MEMORY_GB_HOURS, plain(memoryGbHours));
        m.put(STORAGE_GB_HOURS, plain(storageGbHours));
        m.put(DOLLARS, dollars.toPlainString());
        m.put(BASIS, basis);
        return m;
    }

    /**
     * The figures from {@code --cost} values, every problem named at once.
     *
     * @throws IllegalArgumentException listing each missing, unknown or malformed figure
     */
    public static RunCostArguments parse(Map<String, String> given) {
        List<String> problems = new ArrayList<>();
        for (String k : given.keySet()) {
            if (!KEYS.contains(k)) {
                problems.add("unknown " + FLAG + " figure '" + k + "' (known: " + String.join(", ", KEYS) + ")");
            }
        }
        for (String k : KEYS) {
            if (!given.containsKey(k)) {
                problems.add(FLAG + " " + k + "=... is missing");
            }
        }
        double vcpu = number(given, VCPU_HOURS, problems);
        double memory = number(given, MEMORY_GB_HOURS, problems);
        double storage = number(given, STORAGE_GB_HOURS, problems);
        BigDecimal dollars = null;
        String d = given.get(DOLLARS);
        if (d != null) {
            try {
                dollars = new BigDecimal(d.trim());
            } catch (NumberFormatException e) {
                problems.add(FLAG + " " + DOLLARS + " must be a number, got '" + d + "'");
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(problems(given.get(JOB_RUN_ID), vcpu, memory, storage, dollars, given.get(BASIS)));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new RunCostArguments(given.get(JOB_RUN_ID), vcpu, memory, storage, dollars, given.get(BASIS));
    }

    private static List<String> problems(String jobRunId, double vcpuHours, double memoryGbHours,
            double storageGbHours, BigDecimal dollars, String basis) {
        List<String> problems = new ArrayList<>();
        if (jobRunId == null || !JOB_RUN.matcher(jobRunId).matches()) {
            problems.add(FLAG + " " + JOB_RUN_ID + " must be an EMR Serverless job run id (lower-case letters and"
                    + " digits), got '" + jobRunId + "'");
        }
        check(VCPU_HOURS, vcpuHours, problems);
        check(MEMORY_GB_HOURS, memoryGbHours, problems);
        check(STORAGE_GB_HOURS, storageGbHours, problems);
        if (dollars == null || dollars.signum() < 0) {
            problems.add(FLAG + " " + DOLLARS + " must be a number of at least 0, got " + dollars);
        }
        if (basis == null || !BASIS_TEXT.matcher(basis).matches()) {
            problems.add(FLAG + " " + BASIS + " must be 1 to 200 printable characters without quotes or"
                    + " backslashes, got '" + basis + "'");
        }
        return problems;
    }

    private static void check(String key, double v, List<String> problems) {
        if (!Double.isFinite(v) || v < 0) {
            problems.add(FLAG + " " + key + " must be a finite number of at least 0, got " + v);
        }
    }

    private static double number(Map<String, String> given, String key, List<String> problems) {
        String v = given.get(key);
        if (v == null) {
            return 0;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            problems.add(FLAG + " " + key + " must be a number, got '" + v + "'");
            return 0;
        }
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
