package dev.tradingpipeline.maven.emr;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.Problem;
import dev.tradingpipeline.core.config.TradingConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The price table a run's cost is worked out with ({@code emr.prices.*}): what the user set, the
 * rest from the published us-east-1 EMR Serverless list prices of the application's architecture.
 *
 * @param architecture ARM64 or X86_64 when configured; empty: the application's own
 * @param vcpuHour     dollars per vCPU-hour, when set
 * @param memoryGbHour dollars per memory GB-hour, when set
 * @param storageGbHour dollars per storage GB-hour (beyond the free 20 GB per worker), when set
 */
public record EmrPrices(Optional<String> architecture, Optional<BigDecimal> vcpuHour,
        Optional<BigDecimal> memoryGbHour, Optional<BigDecimal> storageGbHour) {

    public static final String ARM64 = "ARM64";
    public static final String X86_64 = "X86_64";

    /**
     * us-east-1 on-demand list prices (aws.amazon.com/emr/pricing, EMR Serverless). Graviton
     * (ARM64) is about 20% below x86; ephemeral storage costs the same on both.
     */
    static final Rates ARM64_LIST = new Rates(new BigDecimal("0.042094"), new BigDecimal("0.004628"),
            new BigDecimal("0.000111"));
    static final Rates X86_64_LIST = new Rates(new BigDecimal("0.052624"), new BigDecimal("0.0057785"),
            new BigDecimal("0.000111"));

    /** The list prices and nothing configured. */
    public static final EmrPrices LIST = new EmrPrices(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    /** Dollars per unit. */
    public record Rates(BigDecimal vcpuHour, BigDecimal memoryGbHour, BigDecimal storageGbHour) {
    }

    /**
     * The rates for one architecture and where they came from, e.g. "us-east-1 ARM64 list prices;
     * set emr.prices.* for yours".
     */
    public record PriceTable(String architecture, Rates rates, String basis) {
    }

    /** Reads {@code emr.prices.*}, adding a problem (naming the key) for each unusable value. */
    /** The {@code emr.prices.*} keys alone (for goals that need no other emr key), every bad one named. */
    public static EmrPrices of(TradingConfig config) {
        List<Problem> problems = new ArrayList<>();
        EmrPrices prices = from(config, problems);
        if (!problems.isEmpty()) {
            throw new dev.tradingpipeline.core.config.ConfigException("Invalid configuration for target emr", problems);
        }
        return prices;
    }

    static EmrPrices from(TradingConfig config, List<Problem> problems) {
        String arch = config.get(ConfigKeys.EMR_PRICES_ARCHITECTURE);
        Optional<String> architecture = arch == null || arch.isBlank() || arch.trim().equals("application")
                ? Optional.empty() : Optional.of(arch.trim().toUpperCase(Locale.ROOT));
        return new EmrPrices(architecture,
                price(config, ConfigKeys.EMR_PRICES_VCPU_HOUR, problems),
                price(config, ConfigKeys.EMR_PRICES_MEMORY_GB_HOUR, problems),
                price(config, ConfigKeys.EMR_PRICES_STORAGE_GB_HOUR, problems));
    }

    private static Optional<BigDecimal> price(TradingConfig config, String key, List<Problem> problems) {
        String v = config.get(key);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        try {
            BigDecimal p = new BigDecimal(v.trim().replaceFirst("^\\$", ""));
            if (p.signum() < 0) {
                problems.add(new Problem(key, config.source(), key + " must be a price in dollars of 0 or more, got '" + v + "'"));
                return Optional.empty();
            }
            return Optional.of(p);
        } catch (NumberFormatException e) {
            problems.add(new Problem(key, config.source(), key + " must be a price in dollars such as 0.042094, got '"
                    + v + "'"));
            return Optional.empty();
        }
    }

    /**
     * The table for a run on an application of the given architecture (as GetApplication names it;
     * empty or unknown: ARM64), the configured architecture winning.
     */
    public PriceTable table(Optional<String> applicationArchitecture) {
        String arch = architecture.orElseGet(() -> applicationArchitecture
                .map(a -> a.trim().toUpperCase(Locale.ROOT))
                .filter(a -> a.equals(ARM64) || a.equals(X86_64))
                .orElse(ARM64));
        Rates list = arch.equals(X86_64) ? X86_64_LIST : ARM64_LIST;
        Rates rates = new Rates(vcpuHour.orElse(list.vcpuHour()), memoryGbHour.orElse(list.memoryGbHour()),
                storageGbHour.orElse(list.storageGbHour()));
        List<String> set = new ArrayList<>();
        vcpuHour.ifPresent(p -> set.add(ConfigKeys.EMR_PRICES_VCPU_HOUR));
        memoryGbHour.ifPresent(p -> set.add(ConfigKeys.EMR_PRICES_MEMORY_GB_HOUR));
        storageGbHour.ifPresent(p -> set.add(ConfigKeys.EMR_PRICES_STORAGE_GB_HOUR));
        String basis;
        if (set.isEmpty()) {
            basis = "us-east-1 " + arch + " list prices; set emr.prices.* for yours";
        } else if (set.size() == 3) {
            basis = "prices from emr.prices.*";
        } else {
            basis = "prices from " + String.join(", ", set) + ", the rest us-east-1 " + arch + " list prices";
        }
        return new PriceTable(arch, rates, basis);
    }
}
