/** Text that is safe to show on a terminal, whatever arrived from the network. */
package jam.text;
