package dev.tradingpipeline.maven.emr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import software.amazon.awssdk.services.emrserverless.model.ResourceUtilization;
import software.amazon.awssdk.services.emrserverless.model.TotalResourceUtilization;

/**
 * Resources a job run used or was billed for, as GetJobRun reports them (its
 * {@code billedResourceUtilization} and {@code totalResourceUtilization}): a missing figure is 0.
 */
public record ResourceUsage(double vcpuHours, double memoryGbHours, double storageGbHours) {

    /** The run's billed resources, when GetJobRun reports them (not for a run cancelled before it started). */
    public static Optional<ResourceUsage> billed(ResourceUtilization u) {
        return u == null || (u.vcpuHour() == null && u.memoryGBHour() == null && u.storageGBHour() == null)
                ? Optional.empty()
                : Optional.of(new ResourceUsage(orZero(u.vcpuHour()), orZero(u.memoryGBHour()), orZero(u.storageGBHour())));
    }

    /** The run's resources as used, when GetJobRun reports them. */
    public static Optional<ResourceUsage> total(TotalResourceUtilization u) {
        return u == null || (u.vcpuHour() == null && u.memoryGBHour() == null && u.storageGBHour() == null)
                ? Optional.empty()
                : Optional.of(new ResourceUsage(orZero(u.vcpuHour()), orZero(u.memoryGBHour()), orZero(u.storageGBHour())));
    }

    /** "0.5 vCPU-hours, 2 memory GB-hours, 0 storage GB-hours" (at most four decimals). */
    public String describe() {
        return format(vcpuHours) + " vCPU-hours, " + format(memoryGbHours) + " memory GB-hours, "
                + format(storageGbHours) + " storage GB-hours";
    }

    /** The figures under the names GetJobRun gives them. */
    void writeTo(ObjectNode node) {
        node.put("vCPUHour", vcpuHours);
        node.put("memoryGBHour", memoryGbHours);
        node.put("storageGBHour", storageGbHours);
    }

    static String format(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }
}
