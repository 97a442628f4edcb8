const N=2e6;
let t=process.hrtime.bigint(); let s=0;
for (let i=0;i<N;i++){ const b=Buffer.allocUnsafe(20); s+=b.length; }
console.log('allocUnsafe', Number(process.hrtime.bigint()-t)/N);
const sc=Buffer.alloc(64);
t=process.hrtime.bigint();
for (let i=0;i<N;i++){ const b=Buffer.allocUnsafe(20); b.set(sc.subarray(0,9),2); s+=b[3]; }
console.log('alloc+subarray set', Number(process.hrtime.bigint()-t)/N);
t=process.hrtime.bigint();
for (let i=0;i<N;i++){ const b=Buffer.allocUnsafe(20); for(let k=0;k<9;k++) b[2+k]=sc[k]; s+=b[3]; }
console.log('alloc+loop copy', Number(process.hrtime.bigint()-t)/N);
t=process.hrtime.bigint();
for (let i=0;i<N;i++){ sc.writeDoubleLE(1732555555123.456+i, 0); s+=sc[3]; }
console.log('writeDoubleLE', Number(process.hrtime.bigint()-t)/N);
console.log(s>0);
