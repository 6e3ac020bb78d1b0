import dev.tradingpipeline.maven.testing.ItServers
import dev.tradingpipeline.maven.testing.LocalRegistry

// S3Proxy, WireMock (EMR Serverless, STS) and Debian's docker-registry on 127.0.0.1.
ItServers.start(basedir, new File(testServersDir))
// No public image can be pulled here: a small ARM64 image with the EMR base image's shape stands in.
LocalRegistry.seedBase(ItServers.registry(basedir), 'emr-base', ['linux/arm64'])
return true
