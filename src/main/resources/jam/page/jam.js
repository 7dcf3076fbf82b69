// jam
