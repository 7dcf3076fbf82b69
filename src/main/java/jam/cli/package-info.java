/**
 * The command line: one small class per subcommand, each parsing its options and handing off to one
 * capability package. {@link jam.cli.CommandLineFactory} wires streams, errors and exit codes once.
 */
package jam.cli;
