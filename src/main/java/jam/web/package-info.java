/** What jam's relay answers to plain HTTP: the peer page in the jar, and a static folder. */
package jam.web;
