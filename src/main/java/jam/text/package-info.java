/** Text that is safe to show on a terminal or to write as JSON, whatever arrived from the network. */
package jam.text;
