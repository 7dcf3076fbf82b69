package jam.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MessageTest {
  @Test
  void fixedWordsParseToTheirMessages() {
    assertEquals(Message.COLLECT, Message.parse("collect"));
    assertEquals(Message.TRIGGER_INPUT, Message.parse("trigger-input"));
    assertEquals(Message.TRIGGER_OUTPUT, Message.parse("trigger-output"));
    assertEquals(new Message.Other("Collect"), Message.parse("Collect"));
    assertEquals(new Message.Other(" collect"), Message.parse(" collect"));
  }

  @Test
  void bangsEncodeAsTheIssueSpellsThem() {
    assertEquals("{\"type\":\"bang\",\"sound\":\"hat\"}", new Message.Bang("hat").encode());
    assertEquals("{\"type\":\"bang\"}", Message.Bang.DEFAULT.encode());
    assertEquals(
        "{\"type\":\"bang\",\"sound\":\"a\\\"b\\\\c\\n\\u0001\"}",
        new Message.Bang("a\"b\\c\n\u0001").encode());
    assertEquals("trigger-input", Message.TRIGGER_INPUT.encode());
  }

  @Test
  void bangsParse() {
    assertEquals(new Message.Bang("kick"), Message.parse("{\"type\":\"bang\",\"sound\":\"kick\"}"));
    assertEquals(
        new Message.Bang("kick"),
        Message.parse(" {\"sound\":\"kick\", \"from\":{\"x\":[1,2]}, \"type\":\"bang\"}\n"));
    assertEquals(Message.Bang.DEFAULT, Message.parse("{\"type\":\"bang\"}"));
    assertEquals(Message.Bang.DEFAULT, Message.parse("{\"type\":\"bang\",\"sound\":7}"));
    assertEquals(new Message.Bang("a\"b"), Message.parse(new Message.Bang("a\"b").encode()));
    assertEquals(new Message.Bang("bell"), Message.parse(new Message.Bang("bell").encode()));
  }

  @Test
  void aBangSaysWhoSentItWhenItsSenderHasAName() {
    Message.Bang fromAna = new Message.Bang("kick", 1000.5, "ana");
    assertEquals(
        "{\"type\":\"bang\",\"sound\":\"kick\",\"at\":1000.5,\"from\":\"ana\"}", fromAna.encode());
    assertEquals(fromAna, Message.parse(fromAna.encode()));
    assertEquals(
        "{\"type\":\"bang\",\"from\":\"a\\\"b\\u001b\"}",
        Message.Bang.DEFAULT.withFrom("a\"b\u001b").encode());
    assertEquals(
        new Message.Bang("hat", null, "\u001b[2J"),
        Message.parse("{\"type\":\"bang\",\"sound\":\"hat\",\"from\":\"\\u001b[2J\"}"));
    // a from no hello could give is no sender's name; the bang still plays
    assertEquals(
        new Message.Bang("hat"),
        Message.parse("{\"type\":\"bang\",\"sound\":\"hat\",\"from\":\"" + "x".repeat(33) + "\"}"));
    assertEquals(
        new Message.Bang("hat"),
        Message.parse("{\"type\":\"bang\",\"sound\":\"hat\",\"from\":\" \"}"));
    assertEquals(
        new Message.Bang("hat"), Message.parse("{\"type\":\"bang\",\"sound\":\"hat\",\"from\":7}"));
    assertThrows(IllegalArgumentException.class, () -> new Message.Bang("hat", null, ""));
  }

  @Test
  void anythingElseIsOtherVerbatim() {
    for (String text :
        new String[] {
          "[{\"trackname\":\"bang\",\"data\":[[440]]}]",
          "{\"type\":\"Bang\"}",
          "{\"type\":\"bang\"",
          "{\"type\":\"bang\"} trailing",
          "{\"kind\":\"bang\"}",
          "{}",
          "",
          "bang"
        }) {
      assertEquals(new Message.Other(text), Message.parse(text), text);
    }
  }
}
