def log = new File(basedir, 'build.log').text
// the plugin's version, as the invoker wrote it into this test's pom.xml
def pluginVersion = (new File(basedir, 'pom.xml').text =~ /(?s)<artifactId>trading-maven-plugin<\/artifactId>\s*<version>([^<]+)</)[0][1]

assert log.contains('BUILD FAILURE')
assert log.contains("The project depends on dev.tradingpipeline:trading-jobs 0.0.9-it, but this is trading-maven-plugin "
        + "$pluginVersion, which runs trading-jobs $pluginVersion")
// refused before any work: no configuration read, no Spark resolved, no job started
assert !log.contains('running on the default configuration')
assert !log.contains('Running trading job')
assert !log.contains('[trading-summary]')
assert !new File(basedir, 'target/trading').exists()
return true
