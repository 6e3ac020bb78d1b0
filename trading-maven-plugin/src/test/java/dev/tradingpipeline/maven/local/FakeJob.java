package dev.tradingpipeline.maven.local;

/**
 * Stands in for the trading job in launcher tests: prints what the JVM was given, a number of
 * output lines, summary lines, and exits with the code asked for.
 * Arguments: {@code <lines> <exit code> [summary line...]}, or {@code sleep} to hang for 2 minutes.
 */
public final class FakeJob {

    private FakeJob() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args[0].equals("sleep")) {
            System.out.println("sleeping");
            Thread.sleep(120_000);
            return;
        }
        System.out.println("spark.master=" + System.getProperty("spark.master"));
        System.out.println("driver.host=" + System.getProperty("spark.driver.host"));
        System.out.println("maxMemoryMb=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
        int lines = Integer.parseInt(args[0]);
        for (int i = 1; i <= lines; i++) {
            (i % 2 == 0 ? System.err : System.out).println("line " + i);
            System.err.flush();
            System.out.flush();
        }
        for (int i = 2; i < args.length; i++) {
            System.out.println(JobSummary.PREFIX + args[i]);
        }
        System.exit(Integer.parseInt(args[1]));
    }
}
