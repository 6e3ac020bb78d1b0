def log = new File(basedir, 'build.log').text
def configFile = new File(basedir, 'config.yaml').canonicalPath

assert log.contains('BUILD FAILURE')
assert log.contains("key 'ingest.file-per-batch' is not a known key")
assert log.contains(configFile)
assert log.contains("did you mean 'ingest.files-per-batch'")

// Failed on the first goal, before any work: no sample data, no Spark, no job files.
assert !log.contains('Writing sample data')
assert !log.contains('[trading-summary]')
assert !log.contains('org.apache.spark')
assert !log.contains('SparkContext')
assert !new File(basedir, 'target/trading').exists()
return true
