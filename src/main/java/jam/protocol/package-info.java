/** The words on the wire that jam shares with the tutorials' clients; see docs/protocol.md. */
package jam.protocol;
