/**
 * Writing files a user names without ever leaving them half-written: {@link jam.file.Replacement}
 * writes beside the file and renames over it once the content is whole; {@link jam.file.SameFile}
 * tells two spellings of one file apart from two files.
 */
package jam.file;
