// A landing file that is not a zip archive although its name says so.
def landing = new File(basedir, 'target/trading/landing')
landing.mkdirs()
def corrupt = new File(landing, 'UnderlyingOptionsEODCalcs_2024-01-10.zip')
def bytes = new byte[4096]
new Random(7).nextBytes(bytes)
corrupt.bytes = bytes
return true
