// The project template's helper (npx @ircam/create): fetches and decodes a sound file.
export default async function loadAudioBuffer(pathname, sampleRate = 48000) {
  const response = await fetch(pathname);
  const arrayBuffer = await response.arrayBuffer();
  const context = new OfflineAudioContext(1, 1, sampleRate);
  return context.decodeAudioData(arrayBuffer);
}
