// The project template's helper (npx @ircam/create): resolves once the context runs, after a click
// where the browser asks for one.
export default async function resumeAudioContext(audioContext) {
  if (audioContext.state === 'running') return;
  await new Promise((resolve) => {
    const resume = async () => {
      await audioContext.resume();
      window.removeEventListener('click', resume);
      resolve();
    };
    window.addEventListener('click', resume);
    audioContext.resume().then(() => audioContext.state === 'running' && resolve());
  });
}
