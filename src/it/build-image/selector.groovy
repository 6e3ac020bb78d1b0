// Runs only where Debian's docker-registry is installed (CI installs it); says so loudly otherwise.
def installed = new File('/usr/bin/docker-registry').canExecute()
if (!installed) {
    println '*' * 100
    println '* SKIPPED build-image IT: Debian\'s docker-registry is not installed.'
    println '* Install it (apt-get install docker-registry) to run the image integration test.'
    println '*' * 100
}
return installed
