package jam.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RoomOfUrlTest {
  @Test
  void theRoomIsTheLastSegmentOfALongerPath() {
    assertEquals("class-a", Rooms.of(URI.create("ws://h:8080/socket/class-a")));
    assertEquals("class-a", Rooms.of(URI.create("wss://h/socket/class-a/?token=x")));
    assertEquals("", Rooms.of(URI.create("ws://h:8080/socket")));
    assertEquals("", Rooms.of(URI.create("ws://h:8080/")));
    assertEquals("", Rooms.of(URI.create("ws://h:8080")));
  }
}
