/**
 * Text from and for the outside: JSON read strictly with every number kept exactly ({@link
 * jam.text.JsonReader}), JSON strings written safely, and text made safe to show on a terminal,
 * whatever arrived from the network.
 */
package jam.text;
