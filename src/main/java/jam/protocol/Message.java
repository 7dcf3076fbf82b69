package jam.protocol;

import jam.text.JsonStrings;
import java.util.Map;
import java.util.Objects;

/**
 * One text message on the wire, as a peer reads it: the tutorials' fixed words, a bang object, or anything
 * else (track arrays, mostly), which only its receiver interprets. {@link #parse} and {@link #encode} are
 * the one codec. Values are immutable.
 */
public sealed interface Message permits Message.Collect, Message.TriggerInput, Message.TriggerOutput, Message.Bang, Message.Other {
  /** {@value Wire#COLLECT}: the relay asks for our tracks. */
  record Collect() implements Message {
    @Override
    public String encode() {
      return Wire.COLLECT;
    }
  }

  /** {@value Wire#TRIGGER_INPUT}: a peer asks the relay to bang for everyone. */
  record TriggerInput() implements Message {
    @Override
    public String encode() {
      return Wire.TRIGGER_INPUT;
    }
  }

  /** {@value Wire#TRIGGER_OUTPUT}: the relay tells every peer to play the default sound now. */
  record TriggerOutput() implements Message {
    @Override
    public String encode() {
      return Wire.TRIGGER_OUTPUT;
    }
  }

  /**
   * {@code {"type":"bang","sound":"NAME"}}: play {@code sound} now. The relay forwards it to every peer,
   * the sender included, like any payload.
   *
   * @param sound the sound's name, or null for the receiver's default (so is a name it does not know)
   */
  record Bang(String sound) implements Message {
    /** What a receiver makes of a bang without a name, and of {@code trigger-output}. */
    public static final Bang DEFAULT = new Bang(null);

    @Override
    public String encode() {
      if (sound == null) {
        return "{\"type\":\"bang\"}";
      }
      StringBuilder out = new StringBuilder(32 + sound.length()).append("{\"type\":\"bang\",\"sound\":");
      JsonStrings.append(sound, out);
      return out.append('}').toString();
    }
  }

  /** Any other text, verbatim: for {@code jam join}, a track payload to decode. */
  record Other(String text) implements Message {
    public Other {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String encode() {
      return text;
    }
  }

  Collect COLLECT = new Collect();
  TriggerInput TRIGGER_INPUT = new TriggerInput();
  TriggerOutput TRIGGER_OUTPUT = new TriggerOutput();

  /** The text to send. */
  String encode();

  /**
   * What {@code text} is. A bang is a JSON object whose {@code "type"} is {@code "bang"}; its
   * {@code "sound"} when that is a string, else null; other fields are ignored. Never throws: malformed
   * JSON is {@link Other}.
   */
  static Message parse(String text) {
    Objects.requireNonNull(text, "text");
    switch (text) {
      case Wire.COLLECT:
        return COLLECT;
      case Wire.TRIGGER_INPUT:
        return TRIGGER_INPUT;
      case Wire.TRIGGER_OUTPUT:
        return TRIGGER_OUTPUT;
      default:
        break;
    }
    if (!Json.mayBeObject(text) || !text.contains("bang")) {
      return new Other(text); // track arrays, the common case, are not parsed here
    }
    Map<String, Object> object = Json.object(text);
    if (object == null || !"bang".equals(object.get("type"))) {
      return new Other(text);
    }
    return object.get("sound") instanceof String s ? new Bang(s) : Bang.DEFAULT;
  }
}
