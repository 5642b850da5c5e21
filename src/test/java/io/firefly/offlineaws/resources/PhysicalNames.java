package io.firefly.offlineaws.resources;

import java.security.SecureRandom;

/**
 * Names for resources the template does not name: {@code <stack>-<logicalId>-<RANDOM>}, cut to the
 * type's length limit the way CloudFormation cuts them (the random suffix always survives).
 */
public final class PhysicalNames {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final int SUFFIX_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PhysicalNames() {
    }

    public static String generate(String stackName, String logicalId, int maxLength) {
        String base = stackName + "-" + logicalId;
        int room = maxLength - SUFFIX_LENGTH - 1;
        if (base.length() > room) {
            base = base.substring(0, room);
        }
        return base + "-" + random(SUFFIX_LENGTH);
    }

    public static String random(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
