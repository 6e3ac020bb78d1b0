import dev.tradingpipeline.maven.testing.ItServers

ItServers.start(basedir, new File(testServersDir))
// The dry run's config: the rendered config.yaml and one more line, so its content (and key) differ
def config = new File(basedir, 'config.yaml').text
new File(basedir, 'dry-run.yaml').text = config + '# the dry run plans this file\n'
return true
