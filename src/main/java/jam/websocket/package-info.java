/**
 * RFC 6455, the WebSocket protocol, as bytes and URLs and nothing more: the one codec that jam's
 * relay, its clients and its test servers share. Depends on the JDK alone; knows nothing of jam.
 */
package jam.websocket;
