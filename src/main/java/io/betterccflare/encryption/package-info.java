/**
 * Secrets at rest (issue 15 part 5): the database key ({@link io.betterccflare.encryption.EncryptionKey}) and
 * the AES-GCM sealing of single column values ({@link io.betterccflare.encryption.FieldCipher}) that the stores
 * apply to account credentials, OAuth login verifiers and stored request payloads. No SQL lives here: the
 * storage package decides which columns are sealed and converts a database from one key to another.
 */
package io.betterccflare.encryption;
