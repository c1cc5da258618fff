/**
 * The ring of an incoming call, made on the spot with Web Audio (no sound file to ship): the two
 * tones of a French telephone ring, one second on, then the spoken sentence, again until answered.
 */
let context: AudioContext | null = null;

/** One ring of about a second. Silent where audio cannot play (no sound card): the screen still shows it. */
export function ringOnce(): void {
  try {
    context ??= new AudioContext();
    const now = context.currentTime;
    const gain = context.createGain();
    gain.gain.setValueAtTime(0, now);
    gain.gain.linearRampToValueAtTime(0.25, now + 0.05);
    gain.gain.setValueAtTime(0.25, now + 1.0);
    gain.gain.linearRampToValueAtTime(0, now + 1.1);
    gain.connect(context.destination);
    for (const frequency of [440, 480]) {
      const tone = context.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(now);
      tone.stop(now + 1.15);
    }
  } catch {
    /* no audio: the ringing screen is there */
  }
}
