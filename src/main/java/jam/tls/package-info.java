/**
 * TLS contexts from the files users have: PEM certificate and key, PKCS#12 keystores, CA bundles.
 */
package jam.tls;
