def log = new File(basedir, 'build.log').text
assert !log.contains('BUILD FAILURE')
assert log.count('BUILD SUCCESS') == 2
// the parent gave the plugin its version (the parent's own) and the enforcer its rules
def parentVersion = (new File(basedir, 'pom.xml').text =~ /(?s)<artifactId>trading-pipeline-parent<\/artifactId>\s*<version>([^<]+)</)[0][1]
assert log.contains("trading-maven-plugin:$parentVersion:sample-data (default-cli) @ my-strategies")
assert log.contains('RequireJavaVersion passed')
// the bootstrap loaded the sample days; the daily run found nothing new
assert log =~ /\[trading-summary\] bootstrap succeeded: 5 file\(s\) loaded/
assert log =~ /\[trading-summary\] daily succeeded: 0 file\(s\) loaded/
assert new File(basedir, 'target/trading/warehouse/silver').isDirectory()
return true
