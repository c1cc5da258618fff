/**
 * A short two-tone chime for a new request, and a longer three-tone one for an escalated request
 * (Web Audio, no file). Silently does nothing if audio is blocked.
 */
let ctx: AudioContext | null = null;

export function chime(urgent = false): void {
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') void ctx.resume();
    const t0 = ctx.currentTime;
    const tones = urgent ? [880, 660, 880] : [660, 880];
    for (const [i, freq] of tones.entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const start = t0 + i * 0.18;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.16);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.17);
    }
  } catch {
    // no audio: the visual flash is enough
  }
}
