/// Wiping secret bytes (passphrases, key material) so they do not linger in memory.
public enum Secrets {
    /// Overwrites `bytes` with zeros in a way the compiler cannot optimise away.
    public static func wipe(_ bytes: inout [UInt8]) {
        Sodium.wipe(&bytes)
    }
}
