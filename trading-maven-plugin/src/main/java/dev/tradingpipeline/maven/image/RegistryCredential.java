package dev.tradingpipeline.maven.image;

import java.util.Objects;

/** A username and password for a container registry (for ECR: {@code AWS} and a 12-hour token). */
public record RegistryCredential(String username, String password) {

    public RegistryCredential {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** Never shows the password: credentials end up in logs and exception messages. */
    @Override
    public String toString() {
        return "RegistryCredential[username=" + username + ", password=****]";
    }
}
