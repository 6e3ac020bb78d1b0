import dev.tradingpipeline.maven.testing.ItServers
ItServers.start(basedir, new File(testServersDir))
return true
