/**
 * Writing files a user names without ever leaving them half-written: {@link jam.file.Replacement} writes
 * beside the file and renames over it once the content is whole.
 */
package jam.file;
