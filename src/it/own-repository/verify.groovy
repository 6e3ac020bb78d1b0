def log = new File(basedir, 'build.log').text
assert !log.contains('BUILD FAILURE')
assert log.count('BUILD SUCCESS') == 2
// the parent gave the plugin its version and the enforcer its rules
assert log.contains('trading-maven-plugin:0.1.0-SNAPSHOT:sample-data (default-cli) @ my-strategies')
assert log.contains('RequireJavaVersion passed')
// the bootstrap loaded the sample days; the daily run found nothing new
assert log =~ /\[trading-summary\] bootstrap succeeded: 5 file\(s\) loaded/
assert log =~ /\[trading-summary\] daily succeeded: 0 file\(s\) loaded/
assert new File(basedir, 'target/trading/warehouse/silver').isDirectory()
return true
