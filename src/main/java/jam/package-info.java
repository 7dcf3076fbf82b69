/**
 * jam: play music together over the network. The {@code cli} package parses the command line and
 * hands off to one capability package ({@code relay}, {@code protocol}, ...); those never import
 * picocli.
 */
package jam;
