def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('Sample data: 3 files written')
assert log.contains('[trading-summary] ')

def landing = new File(basedir, 'target/trading/landing')
assert landing.list().findAll { it.startsWith('UnderlyingOptionsEODCalcs_') }.size() == 3

def warehouse = new File(basedir, 'target/trading/warehouse')
assert new File(warehouse, 'silver/option_eod/metadata').isDirectory()
assert new File(warehouse, 'bronze/option_eod/metadata').isDirectory()

// The forked JVM got its options through an argfile next to the log configuration.
assert new File(basedir, 'target/trading/job-bootstrap.args').text.contains('--add-opens=java.base/sun.nio.ch=ALL-UNNAMED')
assert new File(basedir, 'target/trading/log4j2.properties').isFile()
return true
