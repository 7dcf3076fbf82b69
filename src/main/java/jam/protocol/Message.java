package jam.protocol;

import jam.text.JsonStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One text message on the wire, as a peer reads it: the tutorials' fixed words, a bang object, or
 * anything else (track arrays, mostly), which only its receiver interprets. {@link #parse} and
 * {@link #encode} are the one codec. Values are immutable.
 */
public sealed interface Message
    permits Message.Collect,
        Message.TriggerInput,
        Message.TriggerOutput,
        Message.Bang,
        Message.ClockPing,
        Message.ClockPong,
        Message.Tempo,
        Message.Play,
        Message.Hello,
        Message.Presence,
        Message.PeerEvent,
        Message.Removed,
        Message.Other {
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
   * {@code {"type":"bang","sound":"NAME","at":MS,"from":"ana"}}: play {@code sound} at {@code at},
   * or now. The relay forwards it to every peer, the sender included, like any payload.
   *
   * @param sound the sound's name, or null for the receiver's default (so is a name it does not
   *     know)
   * @param at when it must sound, in ms on the relay's clock (Unix time), or null for "as it
   *     arrives"
   * @param from the name its sender says it has (as in its {@link Hello}, 1 to {@link
   *     Hello#MAX_NAME} characters, unchecked by anyone: for people, not for trust), or null
   */
  record Bang(String sound, Double at, String from) implements Message {
    /** What a receiver makes of a bang without a name, and of {@code trigger-output}. */
    public static final Bang DEFAULT = new Bang(null, null, null);

    public Bang {
      if (at != null && !Double.isFinite(at)) {
        throw new IllegalArgumentException("at must be a finite time in ms: " + at);
      }
      if (from != null && !Hello.isName(from)) {
        throw new IllegalArgumentException(
            "from must have 1 to " + Hello.MAX_NAME + " characters, not " + from.length());
      }
    }

    /** A bang to play at {@code at} (or as it arrives), from nobody named. */
    public Bang(String sound, Double at) {
      this(sound, at, null);
    }

    /** A bang to play as it arrives. */
    public Bang(String sound) {
      this(sound, null, null);
    }

    /** This bang, said to come from {@code name} (null: from nobody named). */
    public Bang withFrom(String name) {
      return new Bang(sound, at, name);
    }

    @Override
    public String encode() {
      StringBuilder out =
          new StringBuilder(64 + (sound == null ? 0 : sound.length())).append("{\"type\":\"bang\"");
      if (sound != null) {
        out.append(",\"sound\":");
        JsonStrings.append(sound, out);
      }
      if (at != null) {
        appendMillis(out.append(",\"at\":"), at);
      }
      if (from != null) {
        JsonStrings.append(from, out.append(",\"from\":"));
      }
      return out.append('}').toString();
    }
  }

  /**
   * {@code {"type":"clock-ping","n":N,"t0":MS}}: a peer asks the relay for its clock. A jam relay
   * answers the sender alone with a {@link ClockPong} and forwards it to nobody.
   *
   * @param n the peer's number for this ping
   * @param t0 the peer's clock when it sent the ping, in ms
   */
  record ClockPing(long n, double t0) implements Message {
    @Override
    public String encode() {
      StringBuilder out =
          new StringBuilder(64)
              .append("{\"type\":\"clock-ping\",\"n\":")
              .append(n)
              .append(",\"t0\":");
      return appendMillis(out, t0).append('}').toString();
    }

    /** The relay's answer: received at {@code t1}, sent at {@code t2}, both on its clock. */
    public ClockPong pong(double t1, double t2) {
      return new ClockPong(n, t0, t1, t2);
    }
  }

  /**
   * {@code {"type":"clock-pong","n":N,"t0":MS,"t1":MS,"t2":MS}}: the relay's answer to a {@link
   * ClockPing}, to its sender only: the ping's number and time, and when the relay received it and
   * sent this, on its clock.
   */
  record ClockPong(long n, double t0, double t1, double t2) implements Message {
    @Override
    public String encode() {
      StringBuilder out =
          new StringBuilder(112).append("{\"type\":\"clock-pong\",\"n\":").append(n);
      appendMillis(out.append(",\"t0\":"), t0);
      appendMillis(out.append(",\"t1\":"), t1);
      return appendMillis(out.append(",\"t2\":"), t2).append('}').toString();
    }
  }

  /**
   * {@code {"type":"tempo","bpm":BPM,"origin":MS}}: the relay's shared beat, beat 0 at {@code
   * origin} on the relay's clock. Sent by a peer to change it (the last change wins); the relay
   * forwards it to every peer and hands the latest to each newcomer.
   */
  record Tempo(double bpm, double origin) implements Message {
    /** The slowest and fastest beats jam keeps (Ableton Link's range). */
    public static final double MIN_BPM = 20;

    public static final double MAX_BPM = 999;

    public Tempo {
      if (!(bpm >= MIN_BPM && bpm <= MAX_BPM)) {
        throw new IllegalArgumentException("bpm must be from 20 to 999, not " + bpm);
      }
      if (!Double.isFinite(origin)) {
        throw new IllegalArgumentException("origin must be a finite time in ms: " + origin);
      }
    }

    @Override
    public String encode() {
      StringBuilder out = new StringBuilder(64).append("{\"type\":\"tempo\",\"bpm\":");
      appendMillis(out, bpm);
      return appendMillis(out.append(",\"origin\":"), origin).append('}').toString();
    }
  }

  /**
   * {@code {"type":"play","at":MS,"step_ms":MS,"trackname":"riff","data":[[...],...]}}: every jam
   * peer plays this track's {@code data} (rows {@code stepMs} apart, as {@code jam play} plays
   * them) so that its first row is heard at {@code at} on the relay's clock ({@code jam play
   * --together}). The relay forwards it like any text; the tutorials' clients ignore it.
   *
   * @param name the track's name, or null
   * @param data the rows: frequencies in Hz, null for a rest (a row that is not a list is null)
   * @param at when the first row sounds, in ms on the relay's clock
   * @param stepMs time from one row to the next, in ms (from 10 to 10,000)
   */
  record Play(String name, List<List<Double>> data, double at, double stepMs) implements Message {
    public static final double MIN_STEP_MS = 10;
    public static final double MAX_STEP_MS = 10_000;

    public Play {
      Objects.requireNonNull(data, "data");
      if (!Double.isFinite(at)) {
        throw new IllegalArgumentException("at must be a finite time in ms: " + at);
      }
      if (!(stepMs >= MIN_STEP_MS && stepMs <= MAX_STEP_MS)) {
        throw new IllegalArgumentException("step_ms must be from 10 to 10000, not " + stepMs);
      }
    }

    /** How long the track lasts: its rows times the step. */
    public double lengthMs() {
      return data.size() * stepMs;
    }

    @Override
    public String encode() {
      StringBuilder out = new StringBuilder(64 + data.size() * 40).append("{\"type\":\"play\"");
      appendMillis(out.append(",\"at\":"), at);
      appendMillis(out.append(",\"step_ms\":"), stepMs);
      if (name != null) {
        JsonStrings.append(name, out.append(",\"trackname\":"));
      }
      out.append(",\"data\":[");
      for (int r = 0; r < data.size(); r++) {
        out.append(r == 0 ? "[" : ",[");
        List<Double> row = data.get(r);
        for (int i = 0; row != null && i < row.size(); i++) {
          Double hz = row.get(i);
          out.append(i == 0 ? "" : ",");
          if (hz == null || !Double.isFinite(hz)) {
            out.append("null");
          } else {
            appendMillis(out, hz);
          }
        }
        out.append(']');
      }
      return out.append("]}").toString();
    }

    private static List<List<Double>> rows(Object value) {
      if (!(value instanceof List<?> rows)) {
        throw new IllegalArgumentException("data is not an array");
      }
      List<List<Double>> out = new ArrayList<>(rows.size());
      for (Object row : rows) {
        List<Double> notes = new ArrayList<>();
        if (row instanceof List<?> entries) {
          for (Object e : entries) {
            notes.add(e instanceof Number n ? n.doubleValue() : null);
          }
        }
        out.add(notes);
      }
      return out;
    }
  }

  /**
   * {@code {"type":"hello","name":"ana"}}: a peer asks to hear who is here, and gives its name (or
   * none, and {@code "observe":true} for one that should not be announced, as {@code jam who}). The
   * relay answers the sender alone with a {@link Presence} and relays it to nobody.
   *
   * @param name at most {@link #MAX_NAME} characters, or null
   */
  record Hello(String name, boolean observe) implements Message {
    public static final int MAX_NAME = 32;

    public Hello {
      if (name != null && !isName(name)) {
        throw new IllegalArgumentException(
            "a name has 1 to " + MAX_NAME + " characters, not " + name.length());
      }
    }

    /**
     * Whether {@code name} is one a peer may give: 1 to {@link #MAX_NAME} characters, not blank.
     */
    public static boolean isName(String name) {
      return !name.isBlank() && name.length() <= MAX_NAME;
    }

    @Override
    public String encode() {
      StringBuilder out = new StringBuilder(48).append("{\"type\":\"hello\"");
      if (name != null) {
        JsonStrings.append(name, out.append(",\"name\":"));
      }
      if (observe) {
        out.append(",\"observe\":true");
      }
      return out.append('}').toString();
    }
  }

  /** One peer as presence messages name it: the relay's id for it, and its name or null. */
  record PeerInfo(String id, String name) {
    public PeerInfo {
      Objects.requireNonNull(id, "id");
    }

    /** {@code {"id":ID,"name":NAME}}, name null without one. */
    public String toJson() {
      StringBuilder out = new StringBuilder(48);
      appendTo(out);
      return out.toString();
    }

    void appendTo(StringBuilder out) {
      JsonStrings.append(id, out.append("{\"id\":"));
      out.append(",\"name\":");
      if (name == null) {
        out.append("null");
      } else {
        JsonStrings.append(name, out);
      }
      out.append('}');
    }
  }

  /**
   * {@code {"type":"presence","you":ID,"count":N,"peers":[{"id":ID,"name":NAME},...]}}: who is
   * here, to a peer that said hello. {@code count} counts every connection (tutorial clients too);
   * {@code peers} lists at most the first 1,000.
   */
  record Presence(String you, int count, List<PeerInfo> peers) implements Message {
    @Override
    public String encode() {
      StringBuilder out =
          new StringBuilder(64 + peers.size() * 32).append("{\"type\":\"presence\"");
      if (you != null) {
        JsonStrings.append(you, out.append(",\"you\":"));
      }
      out.append(",\"count\":").append(count).append(",\"peers\":[");
      for (int i = 0; i < peers.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        peers.get(i).appendTo(out);
      }
      return out.append("]}").toString();
    }
  }

  /**
   * {@code {"type":"joined"|"left","id":ID,"name":NAME,"count":N}}: a peer came or went, and how
   * many are here now; sent by the relay to the peers that said hello. A {@code left} also names,
   * in {@code "tracks"}, the ids ({@code Track.key()}) of the tracks that peer had shared, as the
   * relay kept them (at most {@link #MAX_LEFT_TRACKS}).
   */
  record PeerEvent(boolean joined, PeerInfo peer, int count, List<String> tracks)
      implements Message {
    public static final int MAX_LEFT_TRACKS = 1_000;

    public PeerEvent {
      tracks = List.copyOf(tracks);
    }

    public PeerEvent(boolean joined, PeerInfo peer, int count) {
      this(joined, peer, count, List.of());
    }

    @Override
    public String encode() {
      StringBuilder out =
          new StringBuilder(80).append(joined ? "{\"type\":\"joined\"," : "{\"type\":\"left\",");
      StringBuilder body = new StringBuilder(64);
      peer.appendTo(body);
      out.append(body, 1, body.length() - 1); // the peer's fields, without its braces
      out.append(",\"count\":").append(count);
      if (!tracks.isEmpty()) {
        out.append(",\"tracks\":");
        appendStrings(tracks, out);
      }
      return out.append('}').toString();
    }
  }

  /**
   * {@code {"type":"removed","ids":[ID,...]}}: a jam peer removed (or replaced) these tracks from
   * its store. The relay hands it only to the other peers that said hello (the tutorials' clients
   * would play a sound, or read it as tracks) and forgets the arrays the sender had shared, as it
   * shares its store again right after. At most {@link #MAX_IDS} ids.
   */
  record Removed(List<String> ids) implements Message {
    public static final int MAX_IDS = 1_000;

    public Removed {
      ids = List.copyOf(ids);
      if (ids.isEmpty() || ids.size() > MAX_IDS) {
        throw new IllegalArgumentException("1 to " + MAX_IDS + " ids, not " + ids.size());
      }
    }

    @Override
    public String encode() {
      StringBuilder out =
          new StringBuilder(32 + ids.size() * 20).append("{\"type\":\"removed\",\"ids\":");
      appendStrings(ids, out);
      return out.append('}').toString();
    }
  }

  private static void appendStrings(List<String> strings, StringBuilder out) {
    out.append('[');
    for (int i = 0; i < strings.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      JsonStrings.append(strings.get(i), out);
    }
    out.append(']');
  }

  private static List<String> strings(Object value, int max) {
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof String s && out.size() < max) {
          out.add(s);
        }
      }
    }
    return out;
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
   * {@code "sound"} when that is a string, else null; its {@code "from"} when that is a name a
   * hello may give, else null (the bang still plays); other fields are ignored. Never throws:
   * malformed JSON is {@link Other}.
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
    if (!Json.mayBeObject(text)
        || !(text.contains("bang")
            || text.contains("clock-p")
            || text.contains("tempo")
            || text.contains("\"play\"")
            || text.contains("\"hello\"")
            || text.contains("\"presence\"")
            || text.contains("\"joined\"")
            || text.contains("\"left\"")
            || text.contains("\"removed\""))) {
      return new Other(text); // track arrays, the common case, are not parsed here
    }
    Map<String, Object> object = Json.object(text);
    if (object == null || !(object.get("type") instanceof String type)) {
      return new Other(text);
    }
    try {
      switch (type) {
        case "bang":
          {
            Object at = object.get("at");
            if (at != null && !(at instanceof Number)) {
              return new Other(text); // a time that is not a number: nobody can play it on time
            }
            return new Bang(
                object.get("sound") instanceof String s ? s : null,
                at == null ? null : ((Number) at).doubleValue(),
                object.get("from") instanceof String f && Hello.isName(f) ? f : null);
          }
        case "clock-ping":
          return new ClockPing(whole(object.get("n")), number(object.get("t0")));
        case "clock-pong":
          return new ClockPong(
              whole(object.get("n")),
              number(object.get("t0")),
              number(object.get("t1")),
              number(object.get("t2")));
        case "tempo":
          return new Tempo(number(object.get("bpm")), number(object.get("origin")));
        case "hello":
          return new Hello(
              object.get("name") instanceof String n ? n : null,
              Boolean.TRUE.equals(object.get("observe")));
        case "presence":
          {
            List<PeerInfo> list = new ArrayList<>();
            if (object.get("peers") instanceof List<?> ps) {
              for (Object o : ps) {
                if (o instanceof Map<?, ?> m && m.get("id") instanceof String id) {
                  list.add(new PeerInfo(id, m.get("name") instanceof String n ? n : null));
                }
              }
            }
            return new Presence(
                object.get("you") instanceof String y ? y : null,
                (int) whole(object.get("count")),
                List.copyOf(list));
          }
        case "joined":
        case "left":
          {
            if (!(object.get("id") instanceof String id)) {
              return new Other(text);
            }
            return new PeerEvent(
                type.equals("joined"),
                new PeerInfo(id, object.get("name") instanceof String n ? n : null),
                (int) whole(object.get("count")),
                type.equals("left")
                    ? strings(object.get("tracks"), PeerEvent.MAX_LEFT_TRACKS)
                    : List.of());
          }
        case "removed":
          return new Removed(strings(object.get("ids"), Removed.MAX_IDS));
        case "play":
          return new Play(
              object.get("trackname") instanceof String n ? n : null,
              Play.rows(object.get("data")),
              number(object.get("at")),
              number(object.get("step_ms")));
        default:
          return new Other(text);
      }
    } catch (IllegalArgumentException e) {
      return new Other(text); // a field missing, of the wrong kind or out of range
    }
  }

  private static double number(Object value) {
    if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException("not a number: " + value);
  }

  private static long whole(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    throw new IllegalArgumentException("not a whole number: " + value);
  }

  /** Appends {@code ms} with at most three decimals (to the µs), without an exponent. */
  static StringBuilder appendMillis(StringBuilder out, double ms) {
    long micros = Math.round(ms * 1000);
    if (micros < 0) {
      out.append('-');
      micros = -micros;
    }
    out.append(micros / 1000);
    int fraction = (int) (micros % 1000);
    if (fraction != 0) {
      out.append('.');
      if (fraction < 100) {
        out.append('0');
      }
      if (fraction < 10) {
        out.append('0');
      }
      int end = fraction;
      while (end % 10 == 0) {
        end /= 10;
      }
      out.append(end);
    }
    return out;
  }
}
