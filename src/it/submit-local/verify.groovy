def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('Sample data: 3 files written')
assert log.contains('[trading-summary] bootstrap succeeded: 3 file(s) loaded, 0 failed, 0 already loaded; 6,000 rows accepted, 0 rejected; 2 batch(es)')
assert log.contains('[trading-summary] tables: bronze.option_eod=6,000 bronze.option_eod_rejects=0 silver.option_eod=6,000 ops.landing_files=3')
// one progress line per batch
assert log.contains('batch 1/2 ') && log.contains('batch 2/2 ')

def landing = new File(basedir, 'target/trading/landing')
assert landing.list().findAll { it.startsWith('UnderlyingOptionsEODCalcs_') }.size() == 3

def warehouse = new File(basedir, 'target/trading/warehouse')
assert new File(warehouse, 'silver/option_eod/metadata').isDirectory()
assert new File(warehouse, 'bronze/option_eod/metadata').isDirectory()

// The forked JVM got its options through an argfile next to the log configuration.
assert new File(basedir, 'target/trading/job-bootstrap.args').text.contains('--add-opens=java.base/sun.nio.ch=ALL-UNNAMED')
assert new File(basedir, 'target/trading/log4j2.properties').isFile()
return true
