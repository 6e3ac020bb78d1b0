import dev.tradingpipeline.maven.testing.ItServers
import dev.tradingpipeline.maven.testing.SparkHome
import dev.tradingpipeline.maven.testing.SparkTargetServers
import dev.tradingpipeline.maven.testing.TestAws
import groovy.json.JsonSlurper
import java.nio.file.Path

def target = new File(basedir, 'target')
def props = new Properties()
new File(target, 'spark-cluster.properties').withInputStream { props.load(it) }
try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD SUCCESS')

    // The cluster ran one application per mode, each to its end, from spark-submit in client mode,
    // and the driver's output came back to the build as on the local target.
    def master = new JsonSlurper().parse(new URL(props.getProperty('master.webui') + '/json/'))
    def apps = master.completedapps.collect { it.name }
    ['bootstrap', 'daily', 'strategy', 'maintenance'].each { mode ->
        assert apps.any { it.startsWith("spark-target-$mode-") } : "no $mode application on the cluster: $apps"
        assert log =~ /Submitting spark-target-$mode-\S+ to spark:\/\/127\.0\.0\.1:\d+/
        assert log.contains("[trading-summary] $mode succeeded")
    }
    assert master.completedapps.every { it.state == 'FINISHED' } : master.completedapps
    assert master.activeapps.isEmpty()
    assert log.contains('[trading-summary] bootstrap succeeded: 4 file(s) loaded, 0 failed')
    assert log.contains('[trading-summary] daily succeeded: 1 file(s) loaded, 0 failed, 4 already loaded; 1,000 rows accepted, 1 rejected')
    assert log =~ /batch 1\/\d+ /
    assert log.contains('sizing.daily.executor-cores is 4, more than any worker has: 127.0.0.1:')

    // Every table of both targets: rows and content hash (TableDigest, run with the deployed jars).
    def deployment = new JsonSlurper().parse(new File(target, 'trading/deployment.json'))
    def s3a = { String uri -> uri.replace('s3://', 's3a://') }
    def home = new File(testServersDir, '../spark-home').toPath()
    def s3 = 'http://127.0.0.1:' + ItServers.servers(basedir).getProperty('s3.port')
    def digest = { String config, String name ->
        def out = new File(target, "digest-${name}.txt")
        def cmd = [SparkHome.sparkSubmit(home).toString(), '--master', 'local[2]',
                   '--class', 'dev.tradingpipeline.jobs.tools.TableDigest',
                   '--jars', deployment.libraries.collect { s3a(it.uri) }.join(','),
                   '--conf', 'spark.hadoop.fs.s3a.endpoint=' + s3, '--conf', 'spark.hadoop.fs.s3a.path.style.access=true',
                   '--conf', 'spark.ui.enabled=false',
                   s3a(deployment.jobJar.uri), '--config', config, '--out', out.path]
        def pb = new ProcessBuilder(cmd).directory(basedir).redirectErrorStream(true)
                .redirectOutput(new File(target, "digest-${name}.log"))
        pb.environment().putAll(SparkHome.environment(home))
        pb.environment().putAll(TestAws.environment())
        pb.environment().put('SPARK_LOCAL_IP', '127.0.0.1')
        def p = pb.start()
        assert p.waitFor() == 0 : "TableDigest of the $name tables failed: " + new File(target, "digest-${name}.log").text
        return out.readLines().findAll { it.startsWith('[table-digest] ') }
    }
    def cluster = digest(s3a(deployment.config.uri), 'spark')
    def local = digest(new File(basedir, 'local.yaml').path, 'local')
    println '[spark-target] cluster tables:\n' + cluster.join('\n')
    assert cluster.size() >= 8
    assert cluster == local
    ['silver.option_eod', 'bronze.option_eod', 'bronze.option_eod_rejects', 'ops.landing_files', 'gold.strategy_daily'].each { table ->
        def line = cluster.find { it.startsWith("[table-digest] $table ") }
        assert line != null && !(line =~ / rows=0 /) : "$table is empty or missing: $line"
    }

    // Ctrl-C: a strategy run whose build gets SIGINT (as from a terminal) ends its application on
    // the cluster, and leaves no spark-submit behind.
    def state = { new JsonSlurper().parse(new URL(props.getProperty('master.webui') + '/json/')) }
    def before = state().completedapps.size()
    def mvn = [new File(System.getProperty('maven.home'), 'bin/mvn').path, '-B', '-s',
               new File(basedir, '../interpolated-settings.xml').path, "-Dmaven.repo.local=$localRepositoryPath".toString(),
               'trading:submit@strategy']
    def interrupted = new ProcessBuilder(mvn).directory(basedir).redirectErrorStream(true)
            .redirectOutput(new File(target, 'interrupted.log'))
    interrupted.environment().putAll(TestAws.environment())
    interrupted.environment().put('SPARK_LOCAL_IP', '127.0.0.1')
    def build = interrupted.start()
    def waitFor = { String what, long seconds, Closure<Boolean> done ->
        long deadline = System.nanoTime() + seconds * 1_000_000_000L
        while (!done()) {
            assert System.nanoTime() < deadline : "$what within ${seconds}s; the build's output: " +
                    new File(target, 'interrupted.log').text
            sleep 250
        }
    }
    waitFor('the interrupted run registered on the cluster', 180) { !state().activeapps.isEmpty() }
    def children = build.toHandle().descendants().toList()
    assert children.any { it.info().commandLine().orElse('').contains('SparkSubmit') }
    ['kill', '-INT', String.valueOf(build.pid())].execute().waitFor()
    assert build.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) : 'the build did not end after SIGINT'
    waitFor('the application ended after SIGINT', 30) { state().activeapps.isEmpty() && state().completedapps.size() == before + 1 }
    assert children.every { !it.isAlive() } : 'spark-submit outlived the build'
    println "[spark-target] SIGINT ended the build (exit ${build.exitValue()}) and its application on the cluster"
} finally {
    SparkTargetServers.stop(basedir)
}
return true
