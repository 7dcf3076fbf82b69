package jam.relay;

import jam.Reporter;
import java.net.InetSocketAddress;

/**
 * A relay's joins, leaves, drops and refusals as lines for people, through a {@link Reporter}
 * ({@code jam serve}'s stderr); what was ignored only at debug level. Thread safe as the reporter
 * is.
 */
public final class RelayLog implements RelayListener {
  private final Reporter reporter;

  public RelayLog(Reporter reporter) {
    this.reporter = reporter;
  }

  @Override
  public void joined(InetSocketAddress peer, int peers) {
    reporter.info(name(peer) + " joined (" + count(peers) + ")");
  }

  @Override
  public void left(InetSocketAddress peer, int peers, int code, String reason) {
    reporter.info(name(peer) + " left (" + count(peers) + ")");
  }

  @Override
  public void dropped(InetSocketAddress peer, String why) {
    reporter.warn("dropped " + name(peer) + ": " + why);
  }

  @Override
  public void refused(InetSocketAddress peer, int status, String why) {
    reporter.info("refused " + name(peer) + " (" + status + "): " + why);
  }

  @Override
  public void served(InetSocketAddress peer, String request, int status) {
    if (reporter.debugEnabled()) {
      reporter.debug(name(peer) + ": " + request + " " + status);
    }
  }

  @Override
  public void ignored(InetSocketAddress peer, String what) {
    if (reporter.debugEnabled()) {
      reporter.debug(name(peer) + ": ignored " + what);
    }
  }

  private static String name(InetSocketAddress a) {
    return a == null ? "peer" : "peer " + a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  private static String count(int n) {
    return n == 1 ? "1 peer" : n + " peers";
  }
}
