#include "textflag.h"

// func rawSyscall3(trap, a1, a2, a3 uintptr) (r uintptr)
TEXT ·rawSyscall3(SB),NOSPLIT,$0-40
	MOVQ	a1+8(FP), DI
	MOVQ	a2+16(FP), SI
	MOVQ	a3+24(FP), DX
	MOVQ	trap+0(FP), AX
	SYSCALL
	MOVQ	AX, r+32(FP)
	RET

// func readOnlyBounds() (start, end uintptr)
TEXT ·readOnlyBounds(SB),NOSPLIT,$0-16
	MOVQ	$runtime·text(SB), AX
	MOVQ	AX, start+0(FP)
	MOVQ	$runtime·epclntab(SB), AX
	MOVQ	AX, end+8(FP)
	RET
