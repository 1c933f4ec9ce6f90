// The median of a run of timings: one slow run on a shared machine (a stall, a background
// compile) moves it far less than a mean.
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
